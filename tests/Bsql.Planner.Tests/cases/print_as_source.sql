-- fail: BSQL3005 @ 4:29
CREATE TABLE x (a INT) WITH ('connector' = 'print');
CREATE TABLE y (a INT) WITH ('connector' = 'blackhole');
INSERT INTO y SELECT a FROM x;
