CREATE TABLE captchas (
    id TEXT PRIMARY KEY NOT NULL,
    answer_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX captchas_created ON captchas (created_at);
DROP TABLE card_verifications;
DROP INDEX employees_photo_path;
DROP INDEX employees_updated_at;
