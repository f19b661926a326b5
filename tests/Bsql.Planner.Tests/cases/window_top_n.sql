-- Window Top-N: the top two sellers of every 10-minute tumbling window.
CREATE TABLE sales (seller STRING, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE best (wstart TIMESTAMP(3), wend TIMESTAMP(3), seller STRING, total DOUBLE) WITH ('connector' = 'print');
INSERT INTO best
SELECT window_start, window_end, seller, total FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY total DESC) AS rn
  FROM (
    SELECT window_start, window_end, seller, SUM(amount) AS total
    FROM TABLE(TUMBLE(TABLE sales, DESCRIPTOR(ts), INTERVAL '10' MINUTE))
    GROUP BY window_start, window_end, seller
  )
) WHERE rn <= 2;
