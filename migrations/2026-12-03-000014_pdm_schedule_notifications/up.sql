-- The data-update schedule of an agency's current campaign: submission, verification and
-- approval windows (dates in WIB, both ends inclusive). A NULL pair keeps that step always open;
-- an agency without a row is open at every step. Changes are audited (`agency.pdm_schedule_set`).
CREATE TABLE pdm_schedules (
    agency_id TEXT NOT NULL PRIMARY KEY REFERENCES agencies (id),
    submission_from DATE,
    submission_to DATE,
    verification_from DATE,
    verification_to DATE,
    approval_from DATE,
    approval_to DATE,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL REFERENCES accounts (id)
);

-- In-app notifications: one row per recipient account, written in the transaction of the change
-- it tells about; `read_at` is set when the recipient marks it read.
CREATE TABLE notifications (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL,
    proposal_id TEXT REFERENCES proposals (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_of_account ON notifications (account_id, created_at);
CREATE INDEX notifications_unread ON notifications (account_id, read_at);

-- pdm_status / pdm_overdue read the employee's submitted proposals of the campaign.
CREATE INDEX proposals_submitted_of_employee ON proposals (employee_id, submitted_at);
