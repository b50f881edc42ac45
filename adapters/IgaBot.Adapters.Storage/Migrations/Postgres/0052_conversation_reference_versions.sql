-- Conversation references get a version, so a read-modify-write save (the Teams document keeps a person's 1:1 chat
-- and the newest place they spoke) is refused when another instance saved in between, and retried on fresh data
-- instead of overwriting it. Kept the same as Sqlite/0052_conversation_reference_versions.sql.

ALTER TABLE conversation_references ADD COLUMN version bigint NOT NULL DEFAULT 1;
