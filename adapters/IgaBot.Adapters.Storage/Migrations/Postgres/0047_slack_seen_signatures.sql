-- The signatures of accepted Slack requests, until their timestamp leaves the 5-minute signature window: a request
-- replayed with the same bytes and headers is processed once, across instances and restarts. Expired rows are pruned
-- as new ones arrive. Kept the same as Sqlite/0047_slack_seen_signatures.sql.

CREATE TABLE slack_seen_signatures (
    signature   text NOT NULL PRIMARY KEY,
    expires_at  text NOT NULL
);
CREATE INDEX ix_slack_seen_signatures_expires ON slack_seen_signatures (expires_at);
