-- fail: BSQL2020 @ 2:41
CREATE TABLE w (a INT, ts TIMESTAMP(3), WATERMARK FOR tss AS tss) WITH ('connector' = 'datagen');
SELECT a FROM w;
