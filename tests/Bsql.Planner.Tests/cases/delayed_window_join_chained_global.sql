-- LEFT(GLOBAL) delayed window joins chained: the first join's result is the left input of the second.
SET 'state.backend' = 'redis';
SET 'state.backend.redis.url' = '${env:REDIS_URL}';
SET 'parallelism.default' = '3';
CREATE TABLE feed (req_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'kafka', 'topic' = 'feed', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE click (req_id STRING, pos INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'kafka', 'topic' = 'click', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE buy (req_id STRING, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'kafka', 'topic' = 'buy', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE samples (req_id STRING, clicked INT, amount DOUBLE) WITH ('connector' = 'print');
INSERT INTO samples
SELECT f.req_id, IF(c.req_id IS NULL, 0, 1), b.amount
FROM feed f
  LEFT(GLOBAL) INTERVAL '1' HOUR WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id AND c.pos < 10
  LEFT(GLOBAL) 1d WINDOW AND 0s DELAY JOIN buy b ON f.req_id = b.req_id;
