-- fail: BSQL2015 @ 4:59
CREATE TABLE u (a INT, e STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE nw (k STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');
SELECT nw.k, u.e FROM u LEFT 1h WINDOW AND 10m DELAY JOIN nw ON nw.k = u.e;
