-- The agency's own logo on its cards (none by default: no state emblem is shipped). One small
-- file per agency, kept in the database so every API instance sees it: base64 text, which both
-- backends store alike (a logo is at most 256 KB). `agencies.logo_sha256` names the current one,
-- so drawing a card reads the hash with the agency and the bytes only when a render is missed.
CREATE TABLE agency_logos (
    agency_id TEXT NOT NULL PRIMARY KEY REFERENCES agencies (id),
    media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/svg+xml')),
    content_base64 TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
ALTER TABLE agencies ADD COLUMN logo_sha256 TEXT;
