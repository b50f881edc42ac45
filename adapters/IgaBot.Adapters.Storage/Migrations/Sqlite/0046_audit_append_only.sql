-- The audit log is append-only in the database itself: audit rows cannot be updated or deleted, and the recorded head
-- only moves forward, onto a row that exists with that hash. Someone who owns the database can drop these triggers;
-- the keyed chain (Audit:Key) and an anchor kept elsewhere (igabot audit anchor) are what catch that.
-- Kept the same as Postgres/0046_audit_append_only.sql.

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is refused');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is refused');
END;

CREATE TRIGGER audit_head_to_a_row BEFORE INSERT ON audit_head
WHEN NOT EXISTS (SELECT 1 FROM audit_events WHERE sequence = NEW.sequence AND hash = NEW.hash)
BEGIN
    SELECT RAISE(ABORT, 'audit_head must name an audit row with its hash');
END;

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.sequence <= OLD.sequence
  OR NOT EXISTS (SELECT 1 FROM audit_events WHERE sequence = NEW.sequence AND hash = NEW.hash)
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward, onto an audit row with its hash');
END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
