-- Predicate pushdown: WHERE conjuncts of an inner join move to the side they read; projection pushdown prunes columns.
CREATE TABLE l (k BIGINT, a STRING, b STRING, c STRING) WITH ('connector' = 'datagen');
CREATE TABLE r (k BIGINT, x INT, y STRING) WITH ('connector' = 'datagen');
CREATE TABLE out1 (k BIGINT, a STRING, x INT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://h/d', 'table-name' = 'o');
INSERT INTO out1
SELECT l.k, l.a, r.x FROM l JOIN r ON l.k = r.k WHERE l.a <> 'z' AND r.x > 3 AND l.b <> r.y;
