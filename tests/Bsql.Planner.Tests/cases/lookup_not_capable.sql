-- fail: BSQL2014 @ 4:29
CREATE TABLE s (a INT, proc AS PROCTIME()) WITH ('connector' = 'datagen');
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
SELECT s.a, x.b FROM s JOIN t FOR SYSTEM_TIME AS OF s.proc AS x ON x.a = s.a;
