-- QR login that a phishing link cannot complete blindly: the computer shows a two-digit number
-- that the phone must type (three wrong numbers end the session), and the phone's approval
-- needs a fresh password or 2FA code.
ALTER TABLE qr_sessions ADD COLUMN match_code TEXT;
ALTER TABLE qr_sessions ADD COLUMN match_attempts INTEGER NOT NULL DEFAULT 0;
