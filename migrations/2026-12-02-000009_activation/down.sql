ALTER TABLE login_challenges DROP COLUMN purpose;
ALTER TABLE accounts DROP COLUMN activation_code_expires_at;
ALTER TABLE accounts DROP COLUMN activation_code_hash;
ALTER TABLE accounts DROP COLUMN initial_credential_at;
ALTER TABLE accounts DROP COLUMN activated_at;
ALTER TABLE agencies DROP COLUMN initial_credential_days;
ALTER TABLE employees DROP COLUMN nomor_kk;
