DROP TABLE history_rows;
