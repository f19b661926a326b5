-- Interval join: a click joins the impression it follows by at most one hour (both sides event time).
CREATE TABLE impressions (
  req_id STRING, item_id BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'imp', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE clicks (
  req_id STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'clk', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE joined (req_id STRING, item_id BIGINT, imp_ts TIMESTAMP(3), click_ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');
INSERT INTO joined
SELECT i.req_id, i.item_id, i.ts, c.ts
FROM impressions i JOIN clicks c ON i.req_id = c.req_id
  AND c.ts BETWEEN i.ts - INTERVAL '1' MINUTE AND i.ts + INTERVAL '1' HOUR;
