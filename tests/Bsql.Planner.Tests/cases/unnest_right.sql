-- fail: BSQL2021 @ 4:33
CREATE TABLE orders (id BIGINT, tags ARRAY<STRING>) WITH ('connector' = 'datagen');
CREATE TABLE out1 (id BIGINT) WITH ('connector' = 'print');
INSERT INTO out1 SELECT id FROM orders RIGHT JOIN UNNEST(tags) AS t (x) ON TRUE;
