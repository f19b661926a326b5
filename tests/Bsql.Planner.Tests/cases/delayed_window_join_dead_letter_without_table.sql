-- fail: BSQL2023 @ 13:1
SET 'sjoin.late-rows' = 'dead-letter';
CREATE TABLE feed (
  req_id STRING, item_id BIGINT, scene STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'feed', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE click (
  req_id STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'click', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE samples (req_id STRING, item_id BIGINT, ts TIMESTAMP(3), click_ts TIMESTAMP(3), label INT)
WITH ('connector' = 'kafka', 'topic' = 'samples', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once');
INSERT INTO samples
SELECT f.req_id, f.item_id, f.ts, c.ts AS click_ts, IF(c.req_id IS NULL, 0, 1) AS label
FROM feed f LEFT 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id
WHERE f.scene = 'home';
