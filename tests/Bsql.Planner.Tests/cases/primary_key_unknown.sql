-- fail: BSQL2036 @ 2:37
CREATE TABLE k (a INT, PRIMARY KEY (b) NOT ENFORCED) WITH ('connector' = 'print');
