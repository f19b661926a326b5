-- HOP and SESSION group windows, each into its own sink; both read one shared source.
CREATE TABLE clicks (
  user_id BIGINT, url STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'clicks', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json');

CREATE TABLE hop_counts (user_id BIGINT, wend TIMESTAMP(3), clicks BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE sessions (user_id BIGINT, sstart TIMESTAMP(3), send TIMESTAMP(3), clicks BIGINT, urls STRING) WITH ('connector' = 'print');

INSERT INTO hop_counts
SELECT user_id, HOP_END(ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE), COUNT(url)
FROM clicks GROUP BY HOP(ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE), user_id;

INSERT INTO sessions
SELECT user_id, SESSION_START(ts, INTERVAL '30' SECOND), SESSION_END(ts, INTERVAL '30' SECOND), COUNT(*), LISTAGG(url)
FROM clicks GROUP BY user_id, SESSION(ts, INTERVAL '30' SECOND);
