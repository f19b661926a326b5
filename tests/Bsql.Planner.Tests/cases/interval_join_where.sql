-- Interval join whose time bounds are written in WHERE with two comparisons (strict upper bound: minus 1 ms).
CREATE TABLE a (k INT, v STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE b (k INT, w STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE out1 (k INT, v STRING, w STRING) WITH ('connector' = 'print');
INSERT INTO out1
SELECT a.k, a.v, b.w FROM a, b
WHERE a.k = b.k AND b.ts >= a.ts AND b.ts < a.ts + INTERVAL '10' SECOND AND b.w LIKE 'x%';
