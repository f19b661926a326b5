-- fail: BSQL3002 @ 2:30
CREATE TABLE x (a INT) WITH ('connector' = 'filesystem', 'path' = '/x');
SELECT a FROM x;
