DROP TABLE audit_events;
DROP TABLE role_assignments;
DROP TABLE accounts;
DROP TABLE employees;
DROP TABLE units;
DROP TABLE agencies;
