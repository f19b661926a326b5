-- fail: BSQL2041 @ 4:31
CREATE TABLE t (k STRING, u BIGINT) WITH ('connector' = 'datagen');
CREATE TABLE o (k STRING, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'redis', 'url' = 'redis://r');
INSERT INTO o SELECT /*+ SKEW('buckets'='many') */ k, COUNT(DISTINCT u) FROM t GROUP BY k;
