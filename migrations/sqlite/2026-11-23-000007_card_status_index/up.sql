-- The status list is rebuilt when a record changes: finding the latest change must be cheap.
CREATE INDEX employees_updated_at ON employees (updated_at);
-- Photos are files named by their content hash; removing an old one asks who else uses it.
CREATE INDEX employees_photo_path ON employees (photo_path);
