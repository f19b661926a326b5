-- fail: BSQL2029 @ 5:36
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE u (a INT, e STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE p (a INT, b STRING) WITH ('connector' = 'print');
INSERT INTO p SELECT t.a, u.e FROM t JOIN u ON t.a = u.a AND u.ts BETWEEN t.ts + INTERVAL '1' HOUR AND t.ts - INTERVAL '1' HOUR;
