-- fail: BSQL3001 @ 2:44
CREATE TABLE x (a INT) WITH ('connector' = 'kafak');
SELECT a FROM x;
