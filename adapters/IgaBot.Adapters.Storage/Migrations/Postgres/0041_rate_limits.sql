-- Per-person rate limits shared by every instance on this database: how much of one budget (partition_key =
-- kind|person) was taken in one window (window_start, aligned to the window's length), and whether the first
-- refusal of that window was already written to the audit log (refusal_noted), so it is written once, not per
-- refused request and not once per instance. Old windows are deleted as new ones come. Kept the same as
-- Sqlite/0041_rate_limits.sql.

CREATE TABLE rate_limit_windows (
    partition_key  text NOT NULL,
    window_start   text NOT NULL,
    taken          integer NOT NULL DEFAULT 0,
    refusal_noted  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (partition_key, window_start)
);
CREATE INDEX ix_rate_limit_windows_start ON rate_limit_windows (window_start);
