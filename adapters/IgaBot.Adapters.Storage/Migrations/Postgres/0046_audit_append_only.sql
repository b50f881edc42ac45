-- The audit log is append-only in the database itself: audit rows cannot be updated, deleted or truncated, and the
-- recorded head only moves forward, onto a row that exists with that hash. Someone who owns the database can drop
-- these triggers; the keyed chain (Audit:Key) and an anchor kept elsewhere (igabot audit anchor) are what catch that.
-- Kept the same as Sqlite/0046_audit_append_only.sql.

CREATE OR REPLACE FUNCTION igabot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION igabot_audit_append_only();

CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION igabot_audit_append_only();

CREATE OR REPLACE FUNCTION igabot_audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_head cannot be deleted';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.sequence <= OLD.sequence THEN
        RAISE EXCEPTION 'audit_head only moves forward';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM audit_events WHERE sequence = NEW.sequence AND hash = NEW.hash) THEN
        RAISE EXCEPTION 'audit_head must name an audit row with its hash';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION igabot_audit_head_guard();

CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION igabot_audit_append_only();
