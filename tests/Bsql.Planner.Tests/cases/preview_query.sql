-- A bare query previews into a print sink; a view and a CTE are expanded.
CREATE TABLE t (a INT, b STRING, c DOUBLE) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
CREATE VIEW big AS SELECT a, b FROM t WHERE c > 0.5;
WITH x AS (SELECT a * 2 AS a2, b FROM big) SELECT a2, UPPER(b) AS ub FROM x WHERE a2 BETWEEN 10 AND 20;
