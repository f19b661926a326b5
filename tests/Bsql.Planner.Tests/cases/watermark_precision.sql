-- fail: BSQL2020 @ 2:41
CREATE TABLE w (a INT, ts TIMESTAMP(6), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
SELECT a FROM w;
