-- Order lines and each customer's spend over the last hour, line by line:
-- UNNEST expands each order's items into lines, an OVER window keeps a running one-hour total per customer.
CREATE TABLE orders (
  order_id BIGINT,
  user_id STRING,
  items ARRAY<ROW<sku STRING, qty INT, price DOUBLE>>,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE
) WITH ('connector' = 'filesystem', 'path' = 'orders.jsonl', 'format' = 'json');

CREATE TABLE spend (
  user_id STRING,
  order_id BIGINT,
  sku STRING,
  amount DOUBLE,
  spend_last_hour DOUBLE,
  lines_last_hour BIGINT
) WITH ('connector' = 'print');

CREATE VIEW order_lines AS
SELECT o.order_id, o.user_id, i.sku, i.qty * i.price AS amount, o.ts
FROM orders AS o
CROSS JOIN UNNEST(o.items) AS i (sku, qty, price);

INSERT INTO spend
SELECT user_id, order_id, sku, amount,
       SUM(amount) OVER last_hour AS spend_last_hour,
       COUNT(*) OVER last_hour AS lines_last_hour
FROM order_lines
WINDOW last_hour AS (PARTITION BY user_id ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);
