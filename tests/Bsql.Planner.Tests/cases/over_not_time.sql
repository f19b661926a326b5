-- fail: BSQL2021 @ 4:56
CREATE TABLE orders (id BIGINT, user_id BIGINT, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE out1 (id BIGINT, s INT, c BIGINT) WITH ('connector' = 'print');
INSERT INTO out1 SELECT id, SUM(amount) OVER (ORDER BY id), COUNT(*) OVER (ORDER BY id) FROM orders;
