-- The directory sync from an identity source (Directory:Source). Kept the same as Postgres/0060_directory_sync.sql.
--
-- directory_sync: one row (id = 1): the source the people table was last synced from, the source's own state between
-- reads (a Graph delta link), and a version that grows by one per sync, which every instance polls to reload people.
CREATE TABLE directory_sync (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    source        TEXT NOT NULL,
    source_state  TEXT NULL,
    version       INTEGER NOT NULL,
    synced_at     TEXT NOT NULL
);

-- The joiners, movers and leavers of one sync (JSON), written in the transaction that changed the people, and marked
-- delivered once every lifecycle handler took them: delivery is at least once.
CREATE TABLE directory_change_sets (
    id            TEXT NOT NULL PRIMARY KEY,
    source        TEXT NOT NULL,
    changes_json  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    delivered_at  TEXT NULL,
    last_error    TEXT NULL
);
CREATE INDEX ix_directory_change_sets_pending ON directory_change_sets (delivered_at, created_at);

-- Access found at a target group that no grant explained: the grant made for it (kind existing, permanent), whether a
-- past request explains it (unmanaged = 0) or none does (1), and when the target stopped listing it (lost_at).
CREATE TABLE existing_access (
    grant_id        TEXT NOT NULL PRIMARY KEY,
    person          TEXT NOT NULL,
    entitlement_id  TEXT NOT NULL,
    scope           TEXT NULL,
    connector       TEXT NOT NULL,
    target_group    TEXT NOT NULL,
    unmanaged       INTEGER NOT NULL,
    found_at        TEXT NOT NULL,
    lost_at         TEXT NULL
);
CREATE INDEX ix_existing_access_held ON existing_access (lost_at, person);
