-- APPROX_COUNT_DISTINCT (HyperLogLog) in a window; its DISTINCT keyword is dropped (the sketch is distinct by nature).
CREATE TABLE visits (page STRING, uid BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '3' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE uv (page STRING, wend TIMESTAMP(3), uv BIGINT) WITH ('connector' = 'print');
INSERT INTO uv
SELECT page, window_end, APPROX_COUNT_DISTINCT(DISTINCT uid)
FROM TABLE(TUMBLE(TABLE visits, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY page, window_start, window_end;
