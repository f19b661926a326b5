-- ALLOW_UNORDERED applies to a lookup join over an append-only input only; over the updating aggregate it stays ordered.
SET 'table.exec.async-lookup.output-mode' = 'ALLOW_UNORDERED';
SET 'table.exec.async-lookup.buffer-capacity' = '256';
SET 'table.exec.async-lookup.timeout' = '30s';
CREATE TABLE events (uid BIGINT, action STRING, proc AS PROCTIME())
  WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE users (uid BIGINT, name STRING, PRIMARY KEY (uid) NOT ENFORCED)
  WITH ('connector' = 'redis', 'url' = 'redis://localhost:6379', 'key-pattern' = 'user:{uid}');
CREATE TABLE enriched (uid BIGINT, action STRING, name STRING) WITH ('connector' = 'print');
CREATE TABLE counts (uid BIGINT, n BIGINT, name STRING, PRIMARY KEY (uid) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://db:5432/x', 'table-name' = 'counts');
INSERT INTO enriched
SELECT e.uid, e.action, u.name FROM events e JOIN users FOR SYSTEM_TIME AS OF e.proc AS u ON u.uid = e.uid;
INSERT INTO counts
SELECT c.uid, c.n, u.name
FROM (SELECT uid, COUNT(*) AS n, PROCTIME() AS proc FROM events GROUP BY uid) c
LEFT JOIN users FOR SYSTEM_TIME AS OF c.proc AS u ON u.uid = c.uid;
