-- fail: BSQL3003 @ 2:55
CREATE TABLE x (a INT) WITH ('connector' = 'datagen', 'fields.b.min' = '1');
SELECT a FROM x;
