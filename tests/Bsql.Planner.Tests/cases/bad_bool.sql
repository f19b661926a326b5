-- fail: BSQL3004 @ 2:121
CREATE TABLE x (a INT) WITH ('connector' = 'filesystem', 'path' = '/x', 'format' = 'json', 'json.ignore-parse-errors' = 'yes');
SELECT a FROM x;
