DROP TABLE refresh_tokens;
ALTER TABLE accounts DROP COLUMN failed_window_start;
