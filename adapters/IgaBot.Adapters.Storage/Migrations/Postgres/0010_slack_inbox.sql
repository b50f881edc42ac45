-- Slack channel: the durable inbox between acknowledging Slack and doing the work (written before
-- the acknowledgement, marked done after), and where the bot's updatable messages went (channel + ts),
-- so a decision updates every approver's copy in place. Same encodings as 0001_initial.sql; kept the same as Sqlite/0010_slack_inbox.sql.

CREATE TABLE slack_inbox (
    id           text NOT NULL PRIMARY KEY,
    kind         text NOT NULL,
    payload      text NOT NULL,
    -- Slack's event_id: a retried event is stored once.
    dedup_key    text NULL UNIQUE,
    user_id      text NULL,
    received_at  text NOT NULL,
    status       text NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    not_before   text NULL,
    last_error   text NULL,
    finished_at  text NULL
);
CREATE INDEX ix_slack_inbox_pending ON slack_inbox (status, received_at);

CREATE TABLE slack_sent_messages (
    subject          text NOT NULL,
    recipient_email  text NOT NULL,
    channel          text NOT NULL,
    ts               text NOT NULL,
    sent_at          text NOT NULL,
    PRIMARY KEY (subject, recipient_email)
);
