-- Proposals of the data update (usulan PDM). `data` is the proposed row as JSON in its category's
-- shape; `status` and `step` follow the workflow table of `satu_shared::proposal`; `version` grows
-- with every change, so a decision made on an older read is refused and of two deciders at once
-- exactly one wins (the update names the version it read). `open_key` is set while a change or
-- removal of one row is open and cleared when it ends: the unique index allows one open proposal
-- per row. `unit_id` and `agency_id` are the employee's at submission: the inboxes filter by them.
CREATE TABLE proposals (
    id TEXT NOT NULL PRIMARY KEY,
    employee_id TEXT NOT NULL REFERENCES employees (id),
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    category TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'change', 'remove')),
    target_id TEXT,
    open_key TEXT,
    data TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'verified', 'validated', 'approved', 'returned', 'rejected')),
    step TEXT CHECK (step IN ('verify', 'validate', 'approve')),
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX proposals_one_open_per_row ON proposals (open_key);
CREATE INDEX proposals_of_employee ON proposals (employee_id, created_at);
CREATE INDEX proposals_inbox_unit ON proposals (step, unit_id, submitted_at, id);
CREATE INDEX proposals_inbox_agency ON proposals (step, agency_id, submitted_at, id);
CREATE INDEX proposals_by_status ON proposals (agency_id, status, submitted_at);

-- Supporting documents: the PDF is stored once by its SHA-256 (`documents/<sha256>` in the
-- storage layer); a row ties it to one proposal version.
CREATE TABLE proposal_documents (
    id TEXT NOT NULL PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX proposal_documents_of_proposal ON proposal_documents (proposal_id, uploaded_at);

-- The timeline: every move, who made it in which role, the documents it was made on (SHA-256s
-- as a JSON array) and a verifier's corrections (JSON, before and after).
CREATE TABLE proposal_events (
    id TEXT NOT NULL PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    at TIMESTAMP NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    role TEXT NOT NULL,
    step TEXT,
    event TEXT NOT NULL,
    reason_code TEXT,
    note TEXT,
    status TEXT NOT NULL,
    documents TEXT NOT NULL,
    changes TEXT
);
CREATE INDEX proposal_events_of_proposal ON proposal_events (proposal_id, at);
