-- [NOT] EXISTS with equality correlation is a join with the subquery's distinct keys, as Flink decorrelates it:
-- the subquery's own conditions filter it first; EXISTS is an inner join, NOT EXISTS a left join keeping unmatched rows.
-- The subquery's column `user_id` hides the outer one, which stays reachable as `o.user_id`.
CREATE TABLE orders (id BIGINT, user_id BIGINT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE refunds (order_id BIGINT, user_id BIGINT, reason STRING) WITH ('connector' = 'datagen');
CREATE TABLE refunded (id BIGINT, amount DOUBLE) WITH ('connector' = 'print');
CREATE TABLE kept (id BIGINT) WITH ('connector' = 'print');
CREATE TABLE any_refund (id BIGINT) WITH ('connector' = 'print');
INSERT INTO refunded SELECT id, amount FROM orders AS o
WHERE amount > 1 AND EXISTS (SELECT 1 FROM refunds WHERE order_id = o.id AND user_id = o.user_id AND reason <> 'test');
INSERT INTO kept SELECT id FROM orders o WHERE NOT EXISTS (SELECT * FROM refunds r WHERE r.order_id = o.id);
INSERT INTO any_refund SELECT id FROM orders WHERE EXISTS (SELECT order_id FROM refunds WHERE reason = 'fraud');
