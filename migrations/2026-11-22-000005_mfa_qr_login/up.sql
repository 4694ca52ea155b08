-- Two-factor authentication (TOTP, RFC 6238). The secret is written at setup and counts only once
-- confirmed (totp_enabled_at); totp_last_step stops a code from being used twice.
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER;

-- Recovery codes, shown once at confirmation, stored as SHA-256 hashes, each single use.
CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);

-- The second step of a login with 2FA: the mfa_token (hashed), 5 minutes, 5 attempts, single use.
CREATE TABLE login_challenges (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used_at TIMESTAMP
);
CREATE INDEX login_challenges_account ON login_challenges (account_id);

-- QR login: a browser asks (pending), a logged-in phone approves, the browser's poll collects
-- the tokens once. The poll is bound to the asking browser by a secret held only as its hash.
CREATE TABLE qr_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    poll_secret_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ip TEXT,
    user_agent TEXT,
    approved_by TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    approved_at TIMESTAMP,
    delivered_at TIMESTAMP
);

-- Email delivery through SMTP: when to try again after a failure.
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMP;
