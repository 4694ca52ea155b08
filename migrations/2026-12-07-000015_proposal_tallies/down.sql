DROP INDEX proposals_agency_status;
DROP INDEX proposals_unit_status;
CREATE INDEX proposals_by_status ON proposals (agency_id, status, submitted_at);
DROP TABLE proposal_tallies;
