-- fail: BSQL2021 @ 4:44
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE p (a INT, b STRING) WITH ('connector' = 'print');
INSERT INTO p SELECT a, b FROM t WHERE a > (SELECT MAX(a) FROM t AS u);
