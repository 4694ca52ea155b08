DROP TABLE proposal_day_tallies;
