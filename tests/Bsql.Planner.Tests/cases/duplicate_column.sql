-- fail: BSQL2019 @ 2:25
CREATE TABLE t2 (a INT, A STRING) WITH ('connector' = 'print');
