-- Movers' access reviews (Postgres). Same encodings as 0001_initial.sql. One review per person and move
-- (change_key: what changed, so the same directory changes delivered twice make one review); its items are the
-- grants the new manager is asked about. An item's decision is NULL until answered: Keep, Revoke, or, once the
-- review is due, AutoRevoked (ineligible in the new department) or KeptUnanswered.
CREATE TABLE mover_reviews (
    id           text NOT NULL PRIMARY KEY,
    person       text NOT NULL,
    reviewer     text NOT NULL,
    change_key   text NOT NULL,
    change_text  text NOT NULL,
    created_at   text NOT NULL,
    due_at       text NOT NULL,
    closed_at    text NULL,
    UNIQUE (person, change_key)
);
CREATE INDEX ix_mover_reviews_open ON mover_reviews (closed_at, due_at);

CREATE TABLE mover_review_items (
    review_id    text NOT NULL REFERENCES mover_reviews (id),
    grant_id     text NOT NULL,
    entitlement_id text NOT NULL,
    scope        text NULL,
    ineligible   integer NOT NULL,
    old_manager  integer NOT NULL,
    why          text NOT NULL,
    decision     text NULL,
    keep_until   text NULL,
    decided_by   text NULL,
    decided_at   text NULL,
    PRIMARY KEY (review_id, grant_id)
);

-- Joiners welcomed: one welcome per person, however often the sync reports them.
CREATE TABLE joiner_welcomes (
    person       text NOT NULL PRIMARY KEY,
    welcomed_at  text NOT NULL,
    suggestions  text NOT NULL
);
