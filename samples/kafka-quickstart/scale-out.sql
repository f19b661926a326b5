-- Kafka quickstart, scaled out: clicks worth 50 or more -> `big-clicks`, exactly once, by any number of workers.
-- Every worker runs the same command; they share the work through the consumer group `big-clicks`:
--   KAFKA=127.0.0.1:PORT ./bsql run samples/kafka-quickstart/scale-out.sql --job-id big-clicks
-- Checkpoints must be on storage every worker sees (here: one machine, so /tmp is shared).

SET 'scale-out.enabled' = 'true';
SET 'execution.checkpointing.interval' = '1s';
SET 'state.checkpoints.dir' = '/tmp/bsql-checkpoints';

CREATE TABLE clicks (
  user_id  STRING,
  page     STRING,
  amount   BIGINT,
  ts       TIMESTAMP(3)
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

CREATE TABLE big_clicks (
  user_id  STRING,
  page     STRING,
  amount   BIGINT,
  ts       TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'big-clicks',
  'properties.bootstrap.servers' = '${env:KAFKA}',
  'format' = 'json',
  'sink.delivery-guarantee' = 'exactly-once'
);

INSERT INTO big_clicks
SELECT user_id, page, amount, ts FROM clicks WHERE amount >= 50;
