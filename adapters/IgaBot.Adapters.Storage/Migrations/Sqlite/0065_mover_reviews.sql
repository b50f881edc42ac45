-- Movers' access reviews (Sqlite). Same encodings as 0001_initial.sql. One review per person and move
-- (change_key: what changed, so the same directory changes delivered twice make one review); its items are the
-- grants the new manager is asked about. An item's decision is NULL until answered: Keep, Revoke, or, once the
-- review is due, AutoRevoked (ineligible in the new department) or KeptUnanswered.
CREATE TABLE mover_reviews (
    id           TEXT NOT NULL PRIMARY KEY,
    person       TEXT NOT NULL,
    reviewer     TEXT NOT NULL,
    change_key   TEXT NOT NULL,
    change_text  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    closed_at    TEXT NULL,
    UNIQUE (person, change_key)
);
CREATE INDEX ix_mover_reviews_open ON mover_reviews (closed_at, due_at);

CREATE TABLE mover_review_items (
    review_id    TEXT NOT NULL REFERENCES mover_reviews (id),
    grant_id     TEXT NOT NULL,
    entitlement_id TEXT NOT NULL,
    scope        TEXT NULL,
    ineligible   INTEGER NOT NULL,
    old_manager  INTEGER NOT NULL,
    why          TEXT NOT NULL,
    decision     TEXT NULL,
    keep_until   TEXT NULL,
    decided_by   TEXT NULL,
    decided_at   TEXT NULL,
    PRIMARY KEY (review_id, grant_id)
);

-- Joiners welcomed: one welcome per person, however often the sync reports them.
CREATE TABLE joiner_welcomes (
    person       TEXT NOT NULL PRIMARY KEY,
    welcomed_at  TEXT NOT NULL,
    suggestions  TEXT NOT NULL
);
