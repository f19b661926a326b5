-- fail: BSQL2013 @ 4:53
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE d (a INT, v STRING, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'd');
SELECT t.a, d.v FROM t JOIN d FOR SYSTEM_TIME AS OF t.ts AS d ON d.a = t.a;
