-- WHERE x IN (SELECT k ...) is an inner join with the subquery's distinct keys (append-only over append-only inputs);
-- NOT IN is a left join keeping unmatched rows whose operand is not NULL (an update stream).
CREATE TABLE orders (id BIGINT, user_id BIGINT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE users (uid BIGINT, vip BOOLEAN) WITH ('connector' = 'datagen');
CREATE TABLE vip_orders (id BIGINT, amount DOUBLE) WITH ('connector' = 'print');
CREATE TABLE unknown_users (id BIGINT) WITH ('connector' = 'print');
INSERT INTO vip_orders SELECT id, amount FROM orders WHERE amount > 1 AND user_id IN (SELECT uid FROM users WHERE vip);
INSERT INTO unknown_users SELECT id FROM orders WHERE user_id + 1 NOT IN (SELECT uid + 1 FROM users);
