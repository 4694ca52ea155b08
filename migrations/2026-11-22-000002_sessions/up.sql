-- Sessions: refresh tokens (stored as SHA-256 hashes; single use, rotated, grouped in families
-- so that a reused token revokes the whole family).
ALTER TABLE accounts ADD COLUMN failed_window_start TIMESTAMP;

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_account ON refresh_tokens (account_id);
