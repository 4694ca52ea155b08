DROP TABLE feed_days;
