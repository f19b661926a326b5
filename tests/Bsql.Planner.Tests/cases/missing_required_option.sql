-- fail: BSQL3002 @ 2:30
CREATE TABLE x (a INT) WITH ('connector' = 'filesystem', 'format' = 'json');
SELECT a FROM x;
