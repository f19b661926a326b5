-- TWO_PHASE strategy: local pre-aggregation before the hash exchange, global merge after it.
SET 'table.optimizer.agg-phase-strategy' = 'TWO_PHASE';
SET 'parallelism.default' = '8';
CREATE TABLE clicks (country STRING, uid BIGINT, cost DOUBLE) WITH ('connector' = 'datagen');
CREATE TABLE by_country (country STRING, clicks BIGINT, cost DOUBLE, max_cost DOUBLE, avg_cost DOUBLE, users BIGINT, PRIMARY KEY (country) NOT ENFORCED)
WITH ('connector' = 'redis', 'url' = 'redis://r:6379', 'data-type' = 'hash');
INSERT INTO by_country
SELECT country, COUNT(*), SUM(cost), MAX(cost), AVG(cost), APPROX_COUNT_DISTINCT(uid) FROM clicks GROUP BY country;
