-- The employees' approved history (riwayat), one table for every category: `data` is the row's
-- fields as JSON in the shape `satu_shared::pdm` defines for its category (validated before it is
-- written), `sort_date` the date that orders a category's rows (newest first). The personal data
-- (data_pribadi) is the master record itself and has no rows here.
CREATE TABLE history_rows (
    id TEXT NOT NULL PRIMARY KEY,
    employee_id TEXT NOT NULL REFERENCES employees (id),
    category TEXT NOT NULL,
    data TEXT NOT NULL,
    sort_date DATE,
    source TEXT NOT NULL CHECK (source IN ('demo', 'import', 'proposal')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX history_rows_by_employee ON history_rows (employee_id, category, sort_date);
