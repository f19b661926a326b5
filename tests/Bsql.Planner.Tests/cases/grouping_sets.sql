-- GROUPING SETS / ROLLUP / CUBE: one aggregation per grouping set, the other sets' keys NULL and GROUPING() a constant,
-- combined by UNION ALL; over a window TVF every set keeps window_start/window_end, so each branch is a window aggregation.
CREATE TABLE orders (id BIGINT, user_id BIGINT, amount INT, region STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE totals (region STRING, user_id BIGINT, s INT, g BIGINT) WITH ('connector' = 'print');
CREATE TABLE per_minute (ws TIMESTAMP(3), region STRING, c BIGINT) WITH ('connector' = 'print');
CREATE TABLE cube_counts (region STRING, user_id BIGINT, c BIGINT) WITH ('connector' = 'print');
INSERT INTO totals SELECT region, user_id, SUM(amount), GROUPING(region, user_id) FROM orders GROUP BY ROLLUP (region, user_id);
INSERT INTO per_minute
SELECT window_start, region, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, GROUPING SETS ((region), ());
INSERT INTO cube_counts SELECT region, user_id, COUNT(*) FROM orders GROUP BY CUBE (region, user_id);
