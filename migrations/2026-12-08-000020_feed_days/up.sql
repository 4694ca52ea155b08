-- Days whose changes of time alone (a PPPK agreement that ended the day before) were written to
-- the change feed: once per day, by whichever server's housekeeping gets there first.
CREATE TABLE feed_days (
    day DATE PRIMARY KEY NOT NULL,
    done_at TIMESTAMP NOT NULL
);
