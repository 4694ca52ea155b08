ALTER TABLE qr_sessions DROP COLUMN match_attempts;
ALTER TABLE qr_sessions DROP COLUMN match_code;
