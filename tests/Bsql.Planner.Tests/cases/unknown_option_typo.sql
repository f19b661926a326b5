-- fail: BSQL3003 @ 2:127
CREATE TABLE x (a INT) WITH ('connector' = 'kafka', 'topic' = 'x', 'properties.bootstrap.servers' = 'h:1', 'format' = 'json', 'scan.startup.mod' = 'earliest-offset');
SELECT a FROM x;
