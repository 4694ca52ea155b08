DROP TABLE proposal_events;
DROP TABLE proposal_documents;
DROP TABLE proposals;
