-- fail: BSQL2016 @ 4:68
CREATE TABLE s (a INT, proc AS PROCTIME()) WITH ('connector' = 'datagen');
CREATE TABLE d (a INT, v STRING, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'd');
SELECT s.a, d.v FROM s JOIN d FOR SYSTEM_TIME AS OF s.proc AS d ON d.v > 'x';
