-- fail: BSQL2021 @ 4:58
CREATE TABLE orders (id BIGINT, tags ARRAY<STRING>) WITH ('connector' = 'datagen');
CREATE TABLE out1 (id BIGINT) WITH ('connector' = 'print');
INSERT INTO out1 SELECT id FROM orders CROSS JOIN UNNEST(id) AS t (x);
