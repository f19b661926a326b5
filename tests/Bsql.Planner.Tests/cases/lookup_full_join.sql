-- fail: BSQL2021 @ 4:22
CREATE TABLE s (a INT, proc AS PROCTIME()) WITH ('connector' = 'datagen');
CREATE TABLE d (a INT, v STRING, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'd');
SELECT s.a, d.v FROM s FULL JOIN d FOR SYSTEM_TIME AS OF s.proc AS d ON d.a = s.a;
