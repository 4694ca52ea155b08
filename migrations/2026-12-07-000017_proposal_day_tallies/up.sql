-- The same tallies per WIB day of submission: an inbox filtered by submission dates counts from
-- the rows of its days instead of every proposal in them. Beside `proposal_tallies`, not in
-- place of it: an inbox without dates still reads a handful of rows however long the campaign.
-- Filled from the proposals already there when the server opens the database
-- (proposals::store::ensure_tallies: the WIB day is computed in each backend's own SQL).
CREATE TABLE proposal_day_tallies (
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    day DATE NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    step TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (agency_id, unit_id, day, category, status, step)
);
-- An agency's inbox (approvers, validators) by day, whatever the unit.
CREATE INDEX proposal_day_tallies_by_day ON proposal_day_tallies (agency_id, day);
