-- A regular LEFT join produces updates, written as upserts by primary key into JDBC; TTL from table.exec.state.ttl.
SET 'table.exec.state.ttl' = '1 h';
CREATE TABLE orders (order_id BIGINT, user_id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TABLE payments (order_id BIGINT, paid BOOLEAN) WITH ('connector' = 'datagen');
CREATE TABLE order_status (order_id BIGINT, amount DOUBLE, paid BOOLEAN, PRIMARY KEY (order_id) NOT ENFORCED)
WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://db/x', 'table-name' = 'order_status', 'password' = 'hunter2');
INSERT INTO order_status
SELECT o.order_id, o.amount, COALESCE(p.paid, FALSE)
FROM orders o LEFT JOIN payments p ON o.order_id = p.order_id;
