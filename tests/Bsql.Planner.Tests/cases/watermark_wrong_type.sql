-- fail: BSQL2020 @ 2:35
CREATE TABLE w (a INT, ts STRING, WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
SELECT a FROM w;
