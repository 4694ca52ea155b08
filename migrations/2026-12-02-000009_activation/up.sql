-- Activation beyond the NIK: the first login (NIP + NIK) also asks for a second fact the agency
-- holds — the family-card number, or a one-time code the helpdesk issues — and an initial
-- credential never used expires after the agency's setting.
ALTER TABLE employees ADD COLUMN nomor_kk TEXT;
ALTER TABLE agencies ADD COLUMN initial_credential_days INTEGER NOT NULL DEFAULT 90;
ALTER TABLE accounts ADD COLUMN activated_at TIMESTAMP;
ALTER TABLE accounts ADD COLUMN initial_credential_at TIMESTAMP;
ALTER TABLE accounts ADD COLUMN activation_code_hash TEXT;
ALTER TABLE accounts ADD COLUMN activation_code_expires_at TIMESTAMP;
-- Accounts that left their initial password are activated; the others start their clock now.
UPDATE accounts SET activated_at = COALESCE(password_changed_at, created_at) WHERE must_change_password = FALSE;
UPDATE accounts SET initial_credential_at = created_at WHERE activated_at IS NULL;
-- A sign-in challenge is the second step of a login with 2FA, or the activation of a first login.
ALTER TABLE login_challenges ADD COLUMN purpose TEXT NOT NULL DEFAULT 'mfa' CHECK (purpose IN ('mfa', 'activation'));
