-- fail: BSQL3010 @ 2:14
CREATE TABLE x (a STRING, b STRING) WITH ('connector' = 'filesystem', 'path' = '/x', 'format' = 'raw');
SELECT a FROM x;
