-- fail: BSQL3004 @ 2:75
CREATE TABLE x (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = 'fast');
SELECT a FROM x;
