DROP INDEX employees_photo_path;
DROP INDEX employees_updated_at;
