-- Dead-letter tables become sinks of the job: one for undecodable source records, one for rows whose lookup failed.
CREATE TABLE events (
  uid BIGINT, action STRING, proc AS PROCTIME()
) WITH ('connector' = 'filesystem', 'path' = '/data/events', 'format' = 'json', 'json.dead-letter' = 'bad_records');
CREATE TABLE users (
  uid BIGINT, name STRING, PRIMARY KEY (uid) NOT ENFORCED
) WITH ('connector' = 'redis', 'url' = 'redis://localhost:6379', 'key-pattern' = 'user:{uid}',
        'lookup.failure' = 'dead-letter', 'lookup.dead-letter' = 'failed_lookups');
CREATE TABLE bad_records (source_table STRING, location STRING, raw BYTES, reason STRING)
  WITH ('connector' = 'filesystem', 'path' = '/data/bad', 'format' = 'json');
CREATE TABLE failed_lookups (kind STRING, source_table STRING, location STRING, raw STRING, reason STRING, dead_lettered_at TIMESTAMP_LTZ(3))
  WITH ('connector' = 'filesystem', 'path' = '/data/failed', 'format' = 'json');
CREATE TABLE enriched (uid BIGINT, action STRING, name STRING) WITH ('connector' = 'print');
INSERT INTO enriched
SELECT e.uid, e.action, u.name
FROM events e
JOIN users FOR SYSTEM_TIME AS OF e.proc AS u ON u.uid = e.uid;
