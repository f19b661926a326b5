-- Kafka quickstart, scaled out with a keyed operator: clicks per page every 10 seconds -> `page-counts-eo`,
-- exactly once, by any number of workers. `clicks` is keyed by user, not by page, so the rows of one page come from
-- every slot: the workers send them through the repartition topic `page-counts-repartition-<operator id>` to the
-- slot of the page's key group, where its windows are counted.
--   KAFKA=127.0.0.1:PORT ./bsql run samples/kafka-quickstart/scale-out-windows.sql --job-id page-counts
-- Checkpoints must be on storage every worker sees (here: one machine, so /tmp is shared).

SET 'scale-out.enabled' = 'true';
SET 'execution.checkpointing.interval' = '1s';
SET 'state.checkpoints.dir' = '/tmp/bsql-checkpoints';

CREATE TABLE clicks (
  user_id  STRING,
  page     STRING,
  amount   BIGINT,
  ts       TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'clicks',
  'properties.bootstrap.servers' = '${env:KAFKA}',
  'scan.startup.mode' = 'earliest-offset',
  -- A dead worker's slots move to the others after this long without heartbeats.
  'properties.session.timeout.ms' = '6000',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE page_counts (
  page         STRING,
  window_start TIMESTAMP(3),
  clicks       BIGINT,
  total        BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'page-counts-eo',
  'properties.bootstrap.servers' = '${env:KAFKA}',
  'format' = 'json',
  'sink.delivery-guarantee' = 'exactly-once'
);

INSERT INTO page_counts
SELECT page, window_start, COUNT(*) AS clicks, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY page, window_start, window_end;
