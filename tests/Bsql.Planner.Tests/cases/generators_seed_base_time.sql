-- The generators' reproducibility options (BSQL extensions): a seed and a fixed base time.
CREATE TABLE orders (
  id BIGINT,
  amount DOUBLE,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1000',
  'seed' = '42',
  'base-time' = '2024-01-01 00:00:00',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '1000'
);

CREATE TABLE out_orders (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');

INSERT INTO out_orders SELECT id, amount FROM orders WHERE amount > 10;
