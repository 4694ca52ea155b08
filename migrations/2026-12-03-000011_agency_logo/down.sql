ALTER TABLE agencies DROP COLUMN logo_sha256;
DROP TABLE agency_logos;
