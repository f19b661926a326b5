-- fail: BSQL3004 @ 2:142
CREATE TABLE x (a INT) WITH ('connector' = 'kafka', 'topic' = 'x', 'properties.bootstrap.servers' = 'h:1', 'format' = 'json', 'key.fields' = 'b');
SELECT a FROM x;
