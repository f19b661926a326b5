-- CUMULATE window TVF with a keyless aggregation (a global aggregate: parallelism 1, Single edge).
SET 'parallelism.default' = '2';
CREATE TABLE orders (
  order_id STRING, amount DECIMAL(10, 2), ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'rows-per-second' = '100', 'fields.order_id.length' = '8');
CREATE TABLE running (wstart TIMESTAMP(3), wend TIMESTAMP(3), total DECIMAL(38, 2), n BIGINT) WITH ('connector' = 'print');
INSERT INTO running
SELECT window_start, window_end, SUM(amount), COUNT(DISTINCT order_id)
FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '10' MINUTE))
GROUP BY window_start, window_end;
