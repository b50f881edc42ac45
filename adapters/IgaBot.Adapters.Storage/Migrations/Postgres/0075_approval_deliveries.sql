-- Approval analytics: when each approver's card was first delivered (the channel accepted the message), so time to
-- decision and rubber-stamping are measured from the moment the approver could see the request, not from when the
-- stage opened. escalated = 1 when the card went out after the stage was escalated (the approver is one of the
-- managers it was handed to). A row per (stage, approver): the first delivery is kept, reminders and re-sends are not
-- deliveries. Same encodings as 0001_initial.sql; kept the same as Sqlite/0075_approval_deliveries.sql.

CREATE TABLE approval_deliveries (
    request_id    text NOT NULL,
    ord           integer NOT NULL,
    approver      text NOT NULL,
    delivered_at  text NOT NULL,
    escalated     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (request_id, ord, approver)
);

-- The analytics read a period of requests (created_at) and of grant ends (expires_at).
CREATE INDEX ix_access_requests_created ON access_requests (created_at);
CREATE INDEX ix_grants_expires ON grants (expires_at);
