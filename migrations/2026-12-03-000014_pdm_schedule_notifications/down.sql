DROP INDEX proposals_submitted_of_employee;
DROP TABLE notifications;
DROP TABLE pdm_schedules;
