-- Lifecycle tables (approvals, provisioning, expiry), SQLite. Same encodings as 0001_initial.sql.

-- Manual provisioning tasks handed to app owners. task is the whole ManualTask as JSON; request_id is set
-- for grant tasks once the worker linked them; resolution is NULL while the owner has not answered.
CREATE TABLE manual_tasks (
    id           TEXT NOT NULL PRIMARY KEY,
    operation    TEXT NOT NULL,
    assignee     TEXT NOT NULL,
    grant_id     TEXT NULL,
    request_id   TEXT NULL,
    task         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    resolution   TEXT NULL,
    resolved_by  TEXT NULL,
    resolved_at  TEXT NULL,
    note         TEXT NULL
);
CREATE INDEX ix_manual_tasks_open ON manual_tasks (resolution, created_at);

-- One row per expiry reminder sent: (grant, the end it was about, how long before it). An extension moves
-- the end, so its reminders are sent afresh.
CREATE TABLE grant_expiry_reminders (
    grant_id     TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    lead_ticks   INTEGER NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (grant_id, expires_at, lead_ticks)
);
