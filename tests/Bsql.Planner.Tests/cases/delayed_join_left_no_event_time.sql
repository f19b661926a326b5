-- fail: BSQL2015 @ 4:23
CREATE TABLE nw (k STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');
CREATE TABLE u (a INT, e STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
SELECT nw.k, u.e FROM nw LEFT 1h WINDOW AND 10m DELAY JOIN u ON nw.k = u.e;
