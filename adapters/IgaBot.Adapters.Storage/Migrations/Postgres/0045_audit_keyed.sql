-- The per-row marker of the keyed audit chain: true = the row's hash is HMAC-SHA256 with Audit:Key (written while the
-- key was set), false = plain SHA-256 (every row written before). Verification picks the function from it, and refuses
-- a plain row after a keyed one. Kept the same as Sqlite/0045_audit_keyed.sql.

ALTER TABLE audit_events ADD COLUMN keyed boolean NOT NULL DEFAULT false;
