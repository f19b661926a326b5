-- fail: BSQL2007 @ 4:49
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE s (x INT) WITH ('connector' = 'print');
INSERT INTO s SELECT a FROM t GROUP BY a HAVING c > 1;
