ALTER TABLE outbox DROP COLUMN next_attempt_at;
DROP TABLE qr_sessions;
DROP TABLE login_challenges;
DROP TABLE recovery_codes;
ALTER TABLE accounts DROP COLUMN totp_last_step;
ALTER TABLE accounts DROP COLUMN totp_enabled_at;
ALTER TABLE accounts DROP COLUMN totp_secret;
