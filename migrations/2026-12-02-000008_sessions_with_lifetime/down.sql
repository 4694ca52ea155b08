ALTER TABLE refresh_tokens ADD COLUMN revoked_at TIMESTAMP;
UPDATE refresh_tokens SET revoked_at = (SELECT s.revoked_at FROM sessions s WHERE s.id = refresh_tokens.family_id);
DROP TABLE sessions;
