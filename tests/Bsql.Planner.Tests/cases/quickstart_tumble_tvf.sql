-- Quickstart: per production line, one-minute statistics of the factory's sensor readings.
-- Run it with `./bsql run samples/quickstart/job.sql`; relative paths resolve against this folder.

CREATE TABLE readings (
  line        STRING,
  sensor      STRING,
  temperature DOUBLE,
  pressure    DOUBLE,
  ts          TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'readings.jsonl',
  'format' = 'json'
);

CREATE TABLE line_stats (
  line         STRING,
  window_start TIMESTAMP(3),
  window_end   TIMESTAMP(3),
  readings     BIGINT,
  hot_readings BIGINT,
  max_temp     DOUBLE,
  avg_pressure DOUBLE
) WITH (
  'connector' = 'print'
);

INSERT INTO line_stats
SELECT line, window_start, window_end,
       COUNT(*) AS readings,
       SUM(CASE WHEN temperature > 80 THEN 1 ELSE 0 END) AS hot_readings,
       MAX(temperature) AS max_temp,
       AVG(pressure) AS avg_pressure
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE sensor <> 'calibration'
GROUP BY line, window_start, window_end;
