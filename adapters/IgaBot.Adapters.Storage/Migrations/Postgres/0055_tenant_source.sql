-- The tenant every instance runs on: the catalog and directory files as one instance last published them, with a
-- version that grows by one per publication and the SHA-256 of the two texts. An instance whose files changed
-- publishes them under the tenant sync lock (once across the cluster: the others find the same hash); every
-- instance polls the version and loads the published texts when it moved. One row (id = 1).
-- Kept the same as Sqlite/0055_tenant_source.sql.

CREATE TABLE tenant_source (
    id                integer NOT NULL PRIMARY KEY CHECK (id = 1),
    version           bigint NOT NULL,
    content_hash      text NOT NULL,
    catalog_path      text NOT NULL,
    catalog_text      text NOT NULL,
    directory_path    text NOT NULL,
    directory_text    text NOT NULL,
    files_changed_at  text NOT NULL,
    published_at      text NOT NULL,
    published_by      text NOT NULL
);
