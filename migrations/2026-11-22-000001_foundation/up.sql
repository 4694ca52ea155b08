-- Organisation: instansi (agency) and unit kerja / OPD (a tree within an agency).
CREATE TABLE agencies (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pusat', 'daerah')),
    -- The regional BKN office (Kanreg) of an instansi daerah, e.g. 'II' (Surabaya).
    kanreg_code TEXT,
    kanreg_name TEXT,
    created_at TIMESTAMP NOT NULL,
    CHECK (kind = 'pusat' OR kanreg_code IS NOT NULL)
);

CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    parent_id TEXT REFERENCES units (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agency_id, code)
);
CREATE INDEX units_parent ON units (parent_id);

-- The employee master record (DOMAIN.md "Employee master data").
CREATE TABLE employees (
    id TEXT PRIMARY KEY NOT NULL,
    nip TEXT NOT NULL UNIQUE,
    nik TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    gelar_depan TEXT,
    gelar_belakang TEXT,
    birth_place TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('L', 'P')),
    religion TEXT,
    marital_status TEXT,
    address TEXT,
    email TEXT,
    phone TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('PNS', 'CPNS', 'PPPK')),
    status TEXT NOT NULL CHECK (status IN ('aktif', 'diberhentikan', 'pensiun', 'meninggal', 'kontrak_berakhir')),
    -- SIASN kedudukan hukum code: 01 Aktif, 66 Diberhentikan, 99 Pensiun, ...
    kedudukan_hukum TEXT NOT NULL,
    status_date DATE,
    status_sk TEXT,
    golongan TEXT,
    jenis_jabatan TEXT CHECK (jenis_jabatan IN ('struktural', 'fungsional', 'pelaksana')),
    jabatan TEXT,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    tmt_cpns DATE,
    tmt_pns DATE,
    pppk_start DATE,
    pppk_end DATE,
    photo_path TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX employees_unit ON employees (unit_id);
CREATE INDEX employees_agency ON employees (agency_id);

-- Login accounts. `login` is the NIP (digits only); most accounts belong to an employee.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    login TEXT NOT NULL UNIQUE,
    employee_id TEXT UNIQUE REFERENCES employees (id),
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    password_changed_at TIMESTAMP,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Roles with their scope: 'self' (employee), 'unit' (a unit and the units below it),
-- 'agency', 'kanreg' (scope_id = Kanreg code), 'pusat' (all central agencies).
CREATE TABLE role_assignments (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('employee', 'verifikator', 'validator_kanreg', 'validator_pusat', 'approver', 'helpdesk', 'monitor', 'admin')),
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('self', 'unit', 'agency', 'kanreg', 'pusat')),
    scope_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, role, scope_kind, scope_id)
);
CREATE INDEX role_assignments_account ON role_assignments (account_id);

-- Who did what, when, to which record. No foreign keys: the trail outlives what it names.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_account_id TEXT,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_type TEXT,
    subject_id TEXT,
    ip TEXT,
    request_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id);
