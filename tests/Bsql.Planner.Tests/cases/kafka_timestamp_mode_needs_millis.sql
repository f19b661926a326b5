-- fail: BSQL3002 @ 2:149
CREATE TABLE x (a INT) WITH ('connector' = 'kafka', 'topic' = 'x', 'properties.bootstrap.servers' = 'h:1', 'format' = 'json', 'scan.startup.mode' = 'timestamp');
SELECT a FROM x;
