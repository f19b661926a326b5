-- fail: BSQL2041 @ 5:35
CREATE TABLE t (a INT) WITH ('connector' = 'datagen');
CREATE VIEW v AS SELECT a FROM t;
CREATE TABLE o (a INT) WITH ('connector' = 'print');
INSERT INTO o SELECT a FROM v /*+ OPTIONS('rows-per-second'='5') */;
