-- The per-row marker of the keyed audit chain: 1 = the row's hash is HMAC-SHA256 with Audit:Key (written while the key
-- was set), 0 = plain SHA-256 (every row written before). Verification picks the function from it, and refuses a plain
-- row after a keyed one. Kept the same as Postgres/0045_audit_keyed.sql.

ALTER TABLE audit_events ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
