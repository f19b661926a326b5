-- fail: BSQL3005 @ 3:15
CREATE TABLE x (a INT) WITH ('connector' = 'redis', 'url' = 'redis://r');
SELECT a FROM x;
