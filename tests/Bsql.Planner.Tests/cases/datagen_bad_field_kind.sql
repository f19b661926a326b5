-- fail: BSQL3004 @ 2:73
CREATE TABLE x (a INT) WITH ('connector' = 'datagen', 'fields.a.kind' = 'random-walk');
SELECT a FROM x;
