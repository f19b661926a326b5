-- Kafka quickstart: clicks in a topic -> per-page counts every 10 seconds -> another topic.
-- Start a mock Kafka cluster and feed it first (see README.md), then:
--   KAFKA=127.0.0.1:PORT ./bsql run samples/kafka-quickstart/job.sql

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
  'properties.group.id' = 'kafka-quickstart',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
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
  'topic' = 'page-counts',
  'properties.bootstrap.servers' = '${env:KAFKA}',
  'format' = 'json',
  'key.format' = 'raw',
  'key.fields' = 'page',
  'sink.delivery-guarantee' = 'at-least-once'
);

INSERT INTO page_counts
SELECT page, window_start, COUNT(*) AS clicks, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY page, window_start, window_end;
