-- fail: BSQL2008 @ 5:54
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE u (a INT, e STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE p (a INT, b STRING) WITH ('connector' = 'print');
INSERT INTO p SELECT t.a, t.b FROM t JOIN u ON t.a = MAX(u.a);
