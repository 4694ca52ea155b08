-- Imports of a SIASN "Export Data ASN" (issue 14): one row per import, its per-row errors apart.
-- The file itself waits under SATU_DATA_DIR/imports until the import has run.
CREATE TABLE imports (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    created_by TEXT REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_size BIGINT NOT NULL,
    create_units BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    rows_read INTEGER NOT NULL,
    imported INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    units_created INTEGER NOT NULL,
    cards_issued INTEGER NOT NULL,
    extra_columns TEXT NOT NULL,
    failure TEXT,
    started_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX imports_by_agency ON imports (agency_id, created_at);

CREATE TABLE import_errors (
    import_id TEXT NOT NULL REFERENCES imports (id),
    line INTEGER NOT NULL,
    nip TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (import_id, line)
);
