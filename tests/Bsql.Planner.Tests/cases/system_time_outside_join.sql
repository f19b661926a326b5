-- fail: BSQL2021 @ 3:39
CREATE TABLE d (a INT, v STRING, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'd');
SELECT a FROM d FOR SYSTEM_TIME AS OF PROCTIME();
