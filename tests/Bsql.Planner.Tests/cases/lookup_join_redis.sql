-- Lookup joins against Redis: a LEFT lookup and an inner one on the same table with the same key (merged into one).
CREATE TABLE events (
  uid BIGINT, action STRING, proc AS PROCTIME()
) WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE users (
  uid BIGINT, name STRING, city STRING, PRIMARY KEY (uid) NOT ENFORCED
) WITH ('connector' = 'redis', 'url' = 'redis://localhost:6379', 'data-type' = 'hash', 'key-pattern' = 'user:{uid}',
        'lookup.cache' = 'LRU', 'lookup.cache.ttl' = '10 min', 'lookup.batch.linger' = '5ms');
CREATE TABLE enriched (uid BIGINT, action STRING, name STRING, city STRING) WITH ('connector' = 'print');
INSERT INTO enriched
SELECT e.uid, e.action, u.name, u2.city
FROM events e
LEFT JOIN users FOR SYSTEM_TIME AS OF e.proc AS u ON u.uid = e.uid
LEFT JOIN users FOR SYSTEM_TIME AS OF e.proc AS u2 ON u2.uid = e.uid;
