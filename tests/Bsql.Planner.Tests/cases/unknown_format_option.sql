-- fail: BSQL3003 @ 2:92
CREATE TABLE x (a INT) WITH ('connector' = 'filesystem', 'path' = '/x', 'format' = 'json', 'json.fail-on-missing' = 'true');
SELECT a FROM x;
