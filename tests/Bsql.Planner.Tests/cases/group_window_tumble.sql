-- Group window form of the quickstart: GROUP BY TUMBLE(ts, ...) with TUMBLE_START / TUMBLE_END.
SET 'parallelism.default' = '4';

CREATE TABLE readings (
  line STRING, sensor STRING, temperature DOUBLE, pressure DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = 'readings.jsonl', 'format' = 'json');

CREATE TABLE line_stats (
  line STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), readings BIGINT, total DOUBLE
) WITH ('connector' = 'print');

INSERT INTO line_stats
SELECT line, TUMBLE_START(ts, INTERVAL '1' MINUTE), TUMBLE_END(ts, INTERVAL '1' MINUTE), COUNT(*), SUM(temperature)
FROM readings
WHERE sensor <> 'calibration'
GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), line;
