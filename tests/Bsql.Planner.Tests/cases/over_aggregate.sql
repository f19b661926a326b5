-- OVER aggregations: a named window with a ROWS frame (a computed argument joins the pre-projection), and an inline
-- RANGE window over the whole stream; both keep the rowtime (rows are not held back beyond the watermark).
CREATE TABLE orders (id BIGINT, user_id BIGINT, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE running (id BIGINT, s INT, c BIGINT, avg_amount INT) WITH ('connector' = 'print');
CREATE TABLE recent (id BIGINT, total INT) WITH ('connector' = 'print');
INSERT INTO running
SELECT id, SUM(amount * 2) OVER w, COUNT(*) OVER w, AVG(amount) OVER w
FROM orders
WINDOW w AS (PARTITION BY user_id ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW);
INSERT INTO recent SELECT id, SUM(amount) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM orders;
