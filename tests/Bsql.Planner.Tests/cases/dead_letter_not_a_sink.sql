-- fail: BSQL3006 @ 3:102
CREATE TABLE events (uid BIGINT, action STRING)
  WITH ('connector' = 'filesystem', 'path' = '/data/events', 'format' = 'json', 'json.dead-letter' = 'gen');
CREATE TABLE gen (raw STRING, reason STRING) WITH ('connector' = 'datagen');
CREATE TABLE out_t (uid BIGINT) WITH ('connector' = 'print');
INSERT INTO out_t SELECT uid FROM events;
