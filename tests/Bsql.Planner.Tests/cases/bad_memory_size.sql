-- fail: BSQL3004 @ 2:126
CREATE TABLE x (a INT) WITH ('connector' = 'filesystem', 'path' = '/x', 'format' = 'json', 'sink.rolling-policy.file-size' = 'big');
CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
INSERT INTO x SELECT a FROM s;
