-- Slack inbox claims: a worker claims an item (claimed_by, until claimed_until) before working on it, so two
-- instances sharing the database never take the same item, and a crashed instance's item is taken again once
-- its claim has run out. Kept the same as Postgres/0040_slack_inbox_claims.sql.

ALTER TABLE slack_inbox ADD COLUMN claimed_by TEXT NULL;
ALTER TABLE slack_inbox ADD COLUMN claimed_until TEXT NULL;
CREATE INDEX ix_slack_inbox_claims ON slack_inbox (user_id, claimed_until);
