-- fail: BSQL2024 @ 4:1
CREATE TABLE t (a INT, b STRING, c DOUBLE, ts TIMESTAMP(3), d DATE, r ROW<x INT, y STRING>, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE j (a INT, n BIGINT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'j');
INSERT INTO j SELECT a, COUNT(*) FROM t GROUP BY a;
