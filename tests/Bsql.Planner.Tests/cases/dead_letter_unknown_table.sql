-- fail: BSQL2001 @ 3:102
CREATE TABLE events (uid BIGINT, action STRING)
  WITH ('connector' = 'filesystem', 'path' = '/data/events', 'format' = 'json', 'json.dead-letter' = 'bad_record');
CREATE TABLE bad_records (raw STRING, reason STRING) WITH ('connector' = 'filesystem', 'path' = '/data/bad', 'format' = 'json');
CREATE TABLE out_t (uid BIGINT) WITH ('connector' = 'print');
INSERT INTO out_t SELECT uid FROM events;
