-- Ad training samples: every impression of the home feed, labelled 1 when it was clicked within an hour
-- (one sample per click), 0 otherwise. A sample is written once its hour has passed plus 10 minutes of
-- grace for late clicks, and never revised. Run it on the bundled files with
--   bsql debug samples/ad-samples/job.sql --sample feed=samples/ad-samples/impressions.jsonl --sample click=samples/ad-samples/clicks.jsonl
-- or `bsql run samples/ad-samples/job.sql` (relative paths resolve against this folder).

CREATE TABLE feed (
  req_id  STRING,
  user_id STRING,
  item_id BIGINT,
  scene   STRING,
  pos     INT,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'impressions.jsonl',
  'format' = 'json'
);

CREATE TABLE click (
  req_id  STRING,
  item_id BIGINT,
  ts      TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'clicks.jsonl',
  'format' = 'json'
);

CREATE TABLE samples (
  req_id   STRING,
  user_id  STRING,
  item_id  BIGINT,
  pos      INT,
  imp_ts   TIMESTAMP(3),
  click_ts TIMESTAMP(3),
  label    INT
) WITH (
  'connector' = 'print'
);

INSERT INTO samples
SELECT f.req_id, f.user_id, f.item_id, f.pos, f.ts AS imp_ts, c.ts AS click_ts,
       IF(c.req_id IS NULL, 0, 1) AS label
FROM feed f LEFT(GLOBAL) 1h WINDOW AND 10m DELAY JOIN click c
  ON f.req_id = c.req_id AND f.item_id = c.item_id
WHERE f.scene = 'home';
