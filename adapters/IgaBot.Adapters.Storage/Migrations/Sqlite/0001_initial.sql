-- IgaBot schema, SQLite. Kept column-for-column the same as Postgres/0001_initial.sql.
-- Portable encodings (see Storage/DapperTypeHandlers.cs):
--   ids (Guid)          TEXT, lower-case 'D' format
--   timestamps          TEXT, UTC 'yyyy-MM-ddTHH:mm:ss.fffffffZ' (fixed width: text order = time order)
--   durations           INTEGER ticks (100 ns), columns named *_ticks
--   enums               TEXT, the member name
--   JSON documents      TEXT
--   emails              lower case

CREATE TABLE people (
    email        TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    title        TEXT NOT NULL,
    department   TEXT NOT NULL,
    manager      TEXT NULL,
    teams_id     TEXT NULL,
    slack_id     TEXT NULL,
    synced_at    TEXT NOT NULL,
    removed_at   TEXT NULL
);

CREATE TABLE apps (
    id           TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    owner        TEXT NOT NULL,
    connector    TEXT NOT NULL,
    synced_at    TEXT NOT NULL,
    removed_at   TEXT NULL
);

CREATE TABLE entitlements (
    id           TEXT NOT NULL PRIMARY KEY,
    app_id       TEXT NOT NULL REFERENCES apps (id),
    name         TEXT NOT NULL,
    risk         TEXT NOT NULL,
    definition   TEXT NOT NULL,
    synced_at    TEXT NOT NULL,
    removed_at   TEXT NULL
);

CREATE TABLE access_requests (
    id                TEXT NOT NULL PRIMARY KEY,
    requester         TEXT NOT NULL,
    beneficiary       TEXT NOT NULL,
    entitlement_id    TEXT NOT NULL,
    scope             TEXT NULL,
    duration_ticks    INTEGER NULL,
    justification     TEXT NULL,
    status            TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    trace             TEXT NOT NULL DEFAULT '',
    extends_grant_id  TEXT NULL,
    outcome           TEXT NULL
);
CREATE INDEX ix_access_requests_status ON access_requests (status, created_at);
CREATE INDEX ix_access_requests_beneficiary ON access_requests (beneficiary, status);
CREATE INDEX ix_access_requests_requester ON access_requests (requester);

CREATE TABLE approval_stages (
    request_id               TEXT NOT NULL REFERENCES access_requests (id),
    ord                      INTEGER NOT NULL,
    step                     TEXT NOT NULL,
    approvers                TEXT NOT NULL,
    status                   TEXT NOT NULL,
    activated_at             TEXT NULL,
    decided_by               TEXT NULL,
    decided_at               TEXT NULL,
    reason                   TEXT NULL,
    approved_duration_ticks  INTEGER NULL,
    reminders_sent           INTEGER NOT NULL DEFAULT 0,
    escalated                INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (request_id, ord)
);
CREATE INDEX ix_approval_stages_status ON approval_stages (status);

CREATE TABLE grants (
    id              TEXT NOT NULL PRIMARY KEY,
    person          TEXT NOT NULL,
    entitlement_id  TEXT NOT NULL,
    scope           TEXT NULL,
    granted_at      TEXT NOT NULL,
    expires_at      TEXT NULL,
    status          TEXT NOT NULL,
    request_id      TEXT NULL,
    connector_ref   TEXT NULL,
    ended_at        TEXT NULL,
    ended_by        TEXT NULL,
    end_reason      TEXT NULL
);
CREATE INDEX ix_grants_person ON grants (person, status);
CREATE INDEX ix_grants_expiry ON grants (status, expires_at);

-- One row per directory access entry ever imported, so a restart never re-grants what was revoked since.
-- scope is '' for unscoped entitlements (NULLs would not collide in the primary key).
CREATE TABLE initial_access_imports (
    person          TEXT NOT NULL,
    entitlement_id  TEXT NOT NULL,
    scope           TEXT NOT NULL,
    grant_id        TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    PRIMARY KEY (person, entitlement_id, scope)
);

-- Append-only. sequence is assigned by the application (head + 1) under the writer lock, never by an
-- identity column: a rolled-back identity would leave a gap that reads as a deleted row.
CREATE TABLE audit_events (
    sequence       INTEGER NOT NULL PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    detail         TEXT NULL,
    previous_hash  TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX ix_audit_events_subject ON audit_events (subject, sequence);

-- The last row of the chain, written with it: rows cut off the end of the log show up on verification.
CREATE TABLE audit_head (
    id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    sequence  INTEGER NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TABLE conversation_states (
    conversation_id  TEXT NOT NULL PRIMARY KEY,
    state            TEXT NOT NULL,
    version          INTEGER NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE conversation_references (
    person      TEXT NOT NULL,
    channel     TEXT NOT NULL,
    reference   TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (person, channel)
);

CREATE TABLE outbox_messages (
    id               TEXT NOT NULL PRIMARY KEY,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    message_key      TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT NULL,
    completed_at     TEXT NULL
);
CREATE INDEX ix_outbox_messages_due ON outbox_messages (status, next_attempt_at);

-- Vectors as little-endian float32 bytes.
CREATE TABLE embeddings (
    model       TEXT NOT NULL,
    text_key    TEXT NOT NULL,
    dimensions  INTEGER NOT NULL,
    vector      BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (model, text_key)
);
