-- fail: BSQL2022 @ 4:42
CREATE TABLE t (id BIGINT, b BYTES) WITH ('connector' = 'datagen');
CREATE TABLE p (id BIGINT) WITH ('connector' = 'print');
INSERT INTO p SELECT id FROM t WHERE b = X'ABC';
