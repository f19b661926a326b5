-- Computed columns (one declared between physical ones), PROCTIME and an event time computed from epoch millis.
CREATE TABLE raw_events (
  id STRING,
  epoch_ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(epoch_ms, 3),
  payload STRING,
  proc AS PROCTIME(),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'raw', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE counts (wstart TIMESTAMP(3), n BIGINT) WITH ('connector' = 'print');
INSERT INTO counts
SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE raw_events, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end;
