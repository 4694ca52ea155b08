-- The agency-ordered inbox indexes carry the unit too: a verifier's page reads the agency's
-- proposals in submission order and keeps those of its units from the index (PostgreSQL: an
-- index-only scan of 51 entries, 0.2 ms, where it sorted 15,000 rows in 25 ms).
DROP INDEX proposals_inbox_agency;
CREATE INDEX proposals_inbox_agency ON proposals (step, agency_id, submitted_at, id, unit_id);
DROP INDEX proposals_agency_status;
CREATE INDEX proposals_agency_status ON proposals (agency_id, status, submitted_at, id, unit_id);
