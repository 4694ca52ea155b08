-- HR systems (SIK) and other machine clients of an agency: OAuth2 client credentials.
-- The secret is 32 random bytes, stored only as its SHA-256 hash.
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    name TEXT NOT NULL,
    -- Space-separated: employees:read cards:read cards:write proposals:read
    scopes TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX api_clients_agency ON api_clients (agency_id);
