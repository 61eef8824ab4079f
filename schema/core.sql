-- rmmsim's own bookkeeping, present in every tenant database.
-- schema_version: checked when a --db file is reopened; fixture: what filled the tenant.
CREATE TABLE rmmsim_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
