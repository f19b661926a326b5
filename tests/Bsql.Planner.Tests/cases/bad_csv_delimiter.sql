-- fail: BSQL3004 @ 2:115
CREATE TABLE x (a INT) WITH ('connector' = 'filesystem', 'path' = '/x', 'format' = 'csv', 'csv.field-delimiter' = '||');
SELECT a FROM x;
