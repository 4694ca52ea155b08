-- The change feed for HR systems (issue 14): every change to an employee record, a card's status,
-- an approved proposal, numbered in commit order. A change takes its number from the one row of
-- `change_counter` as the last step of its transaction: the row stays locked until the commit, so
-- a transaction that wants a number waits for the one before to commit, and the numbers are
-- gapless and in commit order (a reader that has seen number n has seen everything before n).
CREATE TABLE change_counter (
    id INTEGER PRIMARY KEY NOT NULL,
    n BIGINT NOT NULL
);
INSERT INTO change_counter (id, n) VALUES (1, 0);

CREATE TABLE changes (
    seq BIGINT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('employee.updated', 'card.status_changed', 'proposal.approved', 'pdm.overdue')),
    nip TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX changes_by_agency ON changes (agency_id, seq);
