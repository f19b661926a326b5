-- fail: BSQL3002 @ 2:30
CREATE TABLE x (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = 'h:1', 'format' = 'json');
SELECT a FROM x;
