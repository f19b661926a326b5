CREATE TABLE src0 (
  id BIGINT, user_id STRING, amount DOUBLE, category STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = 'in0.jsonl', 'format' = 'json');

CREATE TABLE out0 (category STRING, window_start TIMESTAMP(3), n BIGINT, total DOUBLE) WITH ('connector' = 'print');

CREATE TABLE src1 (
  id BIGINT, user_id STRING, amount DOUBLE, category STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = 'in1.jsonl', 'format' = 'json');

CREATE TABLE out1 (category STRING, window_start TIMESTAMP(3), n BIGINT, total DOUBLE) WITH ('connector' = 'print');

CREATE TABLE src2 (
  id BIGINT, user_id STRING, amount DOUBLE, category STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = 'in2.jsonl', 'format' = 'json');

CREATE TABLE out2 (category STRING, window_start TIMESTAMP(3), n BIGINT, total DOUBLE) WITH ('connector' = 'print');

CREATE TABLE src3 (
  id BIGINT, user_id STRING, amount DOUBLE, category STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = 'in3.jsonl', 'format' = 'json');

CREATE TABLE out3 (category STRING, window_start TIMESTAMP(3), n BIGINT, total DOUBLE) WITH ('connector' = 'print');

CREATE TABLE src4 (
  id BIGINT, user_id STRING, amount DOUBLE, category STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = 'in4.jsonl', 'format' = 'json');

CREATE TABLE out4 (category STRING, window_start TIMESTAMP(3), n BIGINT, total DOUBLE) WITH ('connector' = 'print');

INSERT INTO out0
SELECT category, window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE src0, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE amount > 0 AND user_id LIKE 'u%'
GROUP BY category, window_start, window_end;

INSERT INTO out0
SELECT UPPER(category), window_start, COUNT(DISTINCT user_id), MAX(amount)
FROM TABLE(HOP(TABLE src1, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY UPPER(category), window_start, window_end;

INSERT INTO out1
SELECT category, window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE src1, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE amount > 10 AND user_id LIKE 'u%'
GROUP BY category, window_start, window_end;

INSERT INTO out1
SELECT UPPER(category), window_start, COUNT(DISTINCT user_id), MAX(amount)
FROM TABLE(HOP(TABLE src2, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY UPPER(category), window_start, window_end;

INSERT INTO out2
SELECT category, window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE src2, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE amount > 20 AND user_id LIKE 'u%'
GROUP BY category, window_start, window_end;

INSERT INTO out2
SELECT UPPER(category), window_start, COUNT(DISTINCT user_id), MAX(amount)
FROM TABLE(HOP(TABLE src3, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY UPPER(category), window_start, window_end;

INSERT INTO out3
SELECT category, window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE src3, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE amount > 30 AND user_id LIKE 'u%'
GROUP BY category, window_start, window_end;

INSERT INTO out3
SELECT UPPER(category), window_start, COUNT(DISTINCT user_id), MAX(amount)
FROM TABLE(HOP(TABLE src4, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY UPPER(category), window_start, window_end;

INSERT INTO out4
SELECT category, window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE src4, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE amount > 40 AND user_id LIKE 'u%'
GROUP BY category, window_start, window_end;

INSERT INTO out4
SELECT UPPER(category), window_start, COUNT(DISTINCT user_id), MAX(amount)
FROM TABLE(HOP(TABLE src0, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY UPPER(category), window_start, window_end;
