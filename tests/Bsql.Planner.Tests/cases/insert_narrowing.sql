-- fail: BSQL2011 @ 4:22
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE p (a INT, b STRING) WITH ('connector' = 'print');
INSERT INTO p SELECT c, b FROM t;
