-- A LEFT interval join, and a processing-time TUMBLE window over PROCTIME(); the job's source idle timeout reaches the watermark spec.
SET 'table.exec.source.idle-timeout' = '30 s';
CREATE TABLE orders (id BIGINT, ts TIMESTAMP(3), proc AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE ships (order_id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE late (id BIGINT, shipped TIMESTAMP(3)) WITH ('connector' = 'print');
CREATE TABLE per_minute (wstart TIMESTAMP(3), n BIGINT) WITH ('connector' = 'print');
INSERT INTO late
SELECT o.id, s.ts FROM orders o LEFT JOIN ships s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '4' HOUR;
INSERT INTO per_minute
SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(proc), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end;
