-- Messages to send (email now; SMS later). Without SATU_SMTP_URL they stay here and in the log.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TIMESTAMP,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, created_at);

-- Password reset tokens: stored as SHA-256 hashes, single use, 30 minutes.
CREATE TABLE password_resets (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_account ON password_resets (account_id);
