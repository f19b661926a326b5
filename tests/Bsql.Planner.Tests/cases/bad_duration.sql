-- fail: BSQL3004 @ 2:156
CREATE TABLE d (a INT, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'd', 'lookup.cache.ttl' = 'ten minutes');
CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
INSERT INTO d SELECT a FROM s;
