-- Outbox claims: who holds a claimed message (one id per claim round of a worker), so the holder alone renews its
-- lease while a connector call runs, and hands the message back at once when its instance stops. The lease itself
-- stays next_attempt_at. Kept the same as Postgres/0051_outbox_claims.sql.

ALTER TABLE outbox_messages ADD COLUMN claimed_by TEXT NULL;
