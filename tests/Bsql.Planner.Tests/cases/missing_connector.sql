-- fail: BSQL3009 @ 2:14
CREATE TABLE x (a INT) WITH ('topic' = 'x');
SELECT a FROM x;
