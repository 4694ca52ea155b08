-- How many submitted proposals each unit has per category, status and step (`''` when nobody
-- acts next): an inbox's counts per status read these few rows instead of counting a hundred
-- thousand proposals on every page. Written in the same transaction as every change of a
-- proposal (proposals::store); filled here from the proposals already there.
CREATE TABLE proposal_tallies (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (agency_id, unit_id, category, status, step)
);
INSERT INTO proposal_tallies (agency_id, unit_id, category, status, step, n)
SELECT agency_id, unit_id, category, status, COALESCE(step, ''), COUNT(*)
FROM proposals
WHERE status <> 'draft'
GROUP BY agency_id, unit_id, category, status, COALESCE(step, '');

-- Inbox pages in a status (approved, returned, …) in submission order, per unit and per agency,
-- stopping after a page instead of sorting every match.
DROP INDEX proposals_by_status;
CREATE INDEX proposals_unit_status ON proposals (unit_id, status, submitted_at, id);
CREATE INDEX proposals_agency_status ON proposals (agency_id, status, submitted_at, id);
