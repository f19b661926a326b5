-- fail: BSQL2021 @ 4:82
CREATE TABLE orders (id BIGINT, user_id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');
CREATE TABLE p (id BIGINT) WITH ('connector' = 'print');
INSERT INTO p SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM orders i WHERE i.amount > o.amount);
