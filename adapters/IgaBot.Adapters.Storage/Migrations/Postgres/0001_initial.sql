-- IgaBot schema, PostgreSQL. Kept column-for-column the same as Sqlite/0001_initial.sql.
-- Portable encodings (see Storage/DapperTypeHandlers.cs):
--   ids (Guid)          text, lower-case 'D' format
--   timestamps          text, UTC 'yyyy-MM-ddTHH:mm:ss.fffffffZ' (fixed width: text order = time order)
--   durations           bigint ticks (100 ns), columns named *_ticks
--   enums               text, the member name
--   JSON documents      text
--   emails              lower case

CREATE TABLE people (
    email        text NOT NULL PRIMARY KEY,
    name         text NOT NULL,
    title        text NOT NULL,
    department   text NOT NULL,
    manager      text NULL,
    teams_id     text NULL,
    slack_id     text NULL,
    synced_at    text NOT NULL,
    removed_at   text NULL
);

CREATE TABLE apps (
    id           text NOT NULL PRIMARY KEY,
    name         text NOT NULL,
    description  text NOT NULL,
    owner        text NOT NULL,
    connector    text NOT NULL,
    synced_at    text NOT NULL,
    removed_at   text NULL
);

CREATE TABLE entitlements (
    id           text NOT NULL PRIMARY KEY,
    app_id       text NOT NULL REFERENCES apps (id),
    name         text NOT NULL,
    risk         text NOT NULL,
    definition   text NOT NULL,
    synced_at    text NOT NULL,
    removed_at   text NULL
);

CREATE TABLE access_requests (
    id                text NOT NULL PRIMARY KEY,
    requester         text NOT NULL,
    beneficiary       text NOT NULL,
    entitlement_id    text NOT NULL,
    scope             text NULL,
    duration_ticks    bigint NULL,
    justification     text NULL,
    status            text NOT NULL,
    created_at        text NOT NULL,
    updated_at        text NOT NULL,
    trace             text NOT NULL DEFAULT '',
    extends_grant_id  text NULL,
    outcome           text NULL
);
CREATE INDEX ix_access_requests_status ON access_requests (status, created_at);
CREATE INDEX ix_access_requests_beneficiary ON access_requests (beneficiary, status);
CREATE INDEX ix_access_requests_requester ON access_requests (requester);

CREATE TABLE approval_stages (
    request_id               text NOT NULL REFERENCES access_requests (id),
    ord                      integer NOT NULL,
    step                     text NOT NULL,
    approvers                text NOT NULL,
    status                   text NOT NULL,
    activated_at             text NULL,
    decided_by               text NULL,
    decided_at               text NULL,
    reason                   text NULL,
    approved_duration_ticks  bigint NULL,
    reminders_sent           integer NOT NULL DEFAULT 0,
    escalated                integer NOT NULL DEFAULT 0,
    PRIMARY KEY (request_id, ord)
);
CREATE INDEX ix_approval_stages_status ON approval_stages (status);

CREATE TABLE grants (
    id              text NOT NULL PRIMARY KEY,
    person          text NOT NULL,
    entitlement_id  text NOT NULL,
    scope           text NULL,
    granted_at      text NOT NULL,
    expires_at      text NULL,
    status          text NOT NULL,
    request_id      text NULL,
    connector_ref   text NULL,
    ended_at        text NULL,
    ended_by        text NULL,
    end_reason      text NULL
);
CREATE INDEX ix_grants_person ON grants (person, status);
CREATE INDEX ix_grants_expiry ON grants (status, expires_at);

-- One row per directory access entry ever imported, so a restart never re-grants what was revoked since.
-- scope is '' for unscoped entitlements (NULLs would not collide in the primary key).
CREATE TABLE initial_access_imports (
    person          text NOT NULL,
    entitlement_id  text NOT NULL,
    scope           text NOT NULL,
    grant_id        text NOT NULL,
    imported_at     text NOT NULL,
    PRIMARY KEY (person, entitlement_id, scope)
);

-- Append-only. sequence is assigned by the application (head + 1) under the writer lock, never by an
-- identity column: a rolled-back identity would leave a gap that reads as a deleted row.
CREATE TABLE audit_events (
    sequence       bigint NOT NULL PRIMARY KEY,
    at             text NOT NULL,
    actor          text NOT NULL,
    action         text NOT NULL,
    subject        text NOT NULL,
    detail         text NULL,
    previous_hash  text NOT NULL,
    hash           text NOT NULL
);
CREATE INDEX ix_audit_events_subject ON audit_events (subject, sequence);

-- The last row of the chain, written with it: rows cut off the end of the log show up on verification.
CREATE TABLE audit_head (
    id        integer NOT NULL PRIMARY KEY CHECK (id = 1),
    sequence  bigint NOT NULL,
    hash      text NOT NULL
);

CREATE TABLE conversation_states (
    conversation_id  text NOT NULL PRIMARY KEY,
    state            text NOT NULL,
    version          bigint NOT NULL,
    updated_at       text NOT NULL
);

CREATE TABLE conversation_references (
    person      text NOT NULL,
    channel     text NOT NULL,
    reference   text NOT NULL,
    updated_at  text NOT NULL,
    PRIMARY KEY (person, channel)
);

CREATE TABLE outbox_messages (
    id               text NOT NULL PRIMARY KEY,
    kind             text NOT NULL,
    payload          text NOT NULL,
    message_key      text NOT NULL UNIQUE,
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    created_at       text NOT NULL,
    next_attempt_at  text NOT NULL,
    last_error       text NULL,
    completed_at     text NULL
);
CREATE INDEX ix_outbox_messages_due ON outbox_messages (status, next_attempt_at);

-- Vectors as little-endian float32 bytes.
CREATE TABLE embeddings (
    model       text NOT NULL,
    text_key    text NOT NULL,
    dimensions  integer NOT NULL,
    vector      bytea NOT NULL,
    created_at  text NOT NULL,
    PRIMARY KEY (model, text_key)
);
