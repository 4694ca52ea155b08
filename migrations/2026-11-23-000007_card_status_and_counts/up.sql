-- The status list is rebuilt when a record changes: finding the latest change must be cheap.
CREATE INDEX employees_updated_at ON employees (updated_at);
-- Photos are files named by their content hash; removing an old one asks who else uses it.
CREATE INDEX employees_photo_path ON employees (photo_path);

-- Verifications counted per card and day (never who verified), added up in memory and written
-- every few seconds, so the public verification path writes nothing.
CREATE TABLE card_verifications (
    card_id TEXT NOT NULL REFERENCES cards (id),
    day DATE NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (card_id, day)
);

-- Captchas are sealed into their ids now (see cards/captcha.rs): no table.
DROP TABLE captchas;
