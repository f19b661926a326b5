-- fail: BSQL3002 @ 5:85
CREATE TABLE events (uid BIGINT, proc AS PROCTIME())
  WITH ('connector' = 'filesystem', 'path' = '/data/events', 'format' = 'json');
CREATE TABLE users (uid BIGINT, name STRING, PRIMARY KEY (uid) NOT ENFORCED)
  WITH ('connector' = 'redis', 'url' = 'redis://localhost:6379', 'lookup.failure' = 'dead-letter');
CREATE TABLE out_t (uid BIGINT, name STRING) WITH ('connector' = 'print');
INSERT INTO out_t SELECT e.uid, u.name FROM events e JOIN users FOR SYSTEM_TIME AS OF e.proc AS u ON u.uid = e.uid;
