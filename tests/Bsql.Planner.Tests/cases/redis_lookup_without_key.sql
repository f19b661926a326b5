-- fail: BSQL3010 @ 4:29
CREATE TABLE s (a INT, proc AS PROCTIME()) WITH ('connector' = 'datagen');
CREATE TABLE d (a INT, v STRING) WITH ('connector' = 'redis', 'url' = 'redis://r');
SELECT s.a, d.v FROM s JOIN d FOR SYSTEM_TIME AS OF s.proc AS d ON d.a = s.a;
