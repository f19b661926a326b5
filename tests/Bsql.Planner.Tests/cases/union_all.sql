-- UNION ALL of two sources with widening (INT and BIGINT to BIGINT), then a filter pushed into both inputs.
CREATE TABLE a (id INT, name STRING) WITH ('connector' = 'datagen');
CREATE TABLE b (id BIGINT, name VARCHAR(10)) WITH ('connector' = 'datagen');
CREATE TABLE out1 (id BIGINT, name STRING) WITH ('connector' = 'print');
INSERT INTO out1
SELECT * FROM (SELECT id, name FROM a UNION ALL SELECT id, name FROM b) t WHERE t.id > 100;
