-- Slack channel: the durable inbox between acknowledging Slack and doing the work (written before
-- the acknowledgement, marked done after), and where the bot's updatable messages went (channel + ts),
-- so a decision updates every approver's copy in place. Same encodings as 0001_initial.sql; kept the same as Postgres/0010_slack_inbox.sql.

CREATE TABLE slack_inbox (
    id           TEXT NOT NULL PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    -- Slack's event_id: a retried event is stored once.
    dedup_key    TEXT NULL UNIQUE,
    user_id      TEXT NULL,
    received_at  TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NULL,
    last_error   TEXT NULL,
    finished_at  TEXT NULL
);
CREATE INDEX ix_slack_inbox_pending ON slack_inbox (status, received_at);

CREATE TABLE slack_sent_messages (
    subject          TEXT NOT NULL,
    recipient_email  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    ts               TEXT NOT NULL,
    sent_at          TEXT NOT NULL,
    PRIMARY KEY (subject, recipient_email)
);
