-- Lifecycle tables (approvals, provisioning, expiry), PostgreSQL. Same encodings as 0001_initial.sql.

-- Manual provisioning tasks handed to app owners. task is the whole ManualTask as JSON; request_id is set
-- for grant tasks once the worker linked them; resolution is NULL while the owner has not answered.
CREATE TABLE manual_tasks (
    id           text NOT NULL PRIMARY KEY,
    operation    text NOT NULL,
    assignee     text NOT NULL,
    grant_id     text NULL,
    request_id   text NULL,
    task         text NOT NULL,
    created_at   text NOT NULL,
    resolution   text NULL,
    resolved_by  text NULL,
    resolved_at  text NULL,
    note         text NULL
);
CREATE INDEX ix_manual_tasks_open ON manual_tasks (resolution, created_at);

-- One row per expiry reminder sent: (grant, the end it was about, how long before it). An extension moves
-- the end, so its reminders are sent afresh.
CREATE TABLE grant_expiry_reminders (
    grant_id     text NOT NULL,
    expires_at   text NOT NULL,
    lead_ticks   bigint NOT NULL,
    sent_at      text NOT NULL,
    PRIMARY KEY (grant_id, expires_at, lead_ticks)
);
