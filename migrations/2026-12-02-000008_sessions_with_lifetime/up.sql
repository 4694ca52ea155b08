-- A session (refresh-token family) gets a row of its own: revoking it is one write that a refresh
-- in flight cannot slip past (the refresh updates this row in its own transaction), a session
-- has an absolute lifetime, and deleting old tokens can never bring a revoked session back.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- The families that exist become sessions, revoked when any of their tokens was.
INSERT INTO sessions (id, account_id, created_at, expires_at, last_used_at, revoked_at, ip, user_agent)
SELECT family_id, MIN(account_id), MIN(created_at), MAX(expires_at), MAX(created_at), MAX(revoked_at),
       MIN(ip), MIN(user_agent)
FROM refresh_tokens
GROUP BY family_id;

ALTER TABLE refresh_tokens DROP COLUMN revoked_at;
