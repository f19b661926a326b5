-- fail: BSQL3008 @ 2:84
CREATE TABLE x (a INT) WITH ('connector' = 'filesystem', 'path' = '/x', 'format' = 'avro');
SELECT a FROM x;
