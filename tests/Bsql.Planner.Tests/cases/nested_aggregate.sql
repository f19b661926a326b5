-- fail: BSQL2009 @ 4:26
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE s (x BIGINT) WITH ('connector' = 'print');
INSERT INTO s SELECT MAX(COUNT(*)) FROM t;
