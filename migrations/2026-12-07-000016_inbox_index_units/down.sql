DROP INDEX proposals_agency_status;
CREATE INDEX proposals_agency_status ON proposals (agency_id, status, submitted_at, id);
DROP INDEX proposals_inbox_agency;
CREATE INDEX proposals_inbox_agency ON proposals (step, agency_id, submitted_at, id);
