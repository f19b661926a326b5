-- fail: BSQL2012 @ 3:44
CREATE TABLE nw (k STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');
SELECT k, COUNT(*) FROM nw GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), k;
