-- fail: BSQL3010 @ 3:102
CREATE TABLE events (uid BIGINT, action STRING)
  WITH ('connector' = 'filesystem', 'path' = '/data/events', 'format' = 'json', 'json.dead-letter' = 'bad_records');
CREATE TABLE bad_records (id BIGINT, message STRING) WITH ('connector' = 'filesystem', 'path' = '/data/bad', 'format' = 'json');
CREATE TABLE out_t (uid BIGINT) WITH ('connector' = 'print');
INSERT INTO out_t SELECT uid FROM events;
