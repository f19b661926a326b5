-- Lookups against JDBC (with a residual condition) and HBase (ROW column family), secrets redacted in EXPLAIN.
CREATE TABLE orders (
  order_id STRING, product_id INT, shop STRING, proc AS PROCTIME()
) WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'csv',
        'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";');
CREATE TABLE products (
  id BIGINT, title STRING, price DECIMAL(10, 2), active BOOLEAN, PRIMARY KEY (id) NOT ENFORCED
) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://db:5432/shop', 'table-name' = 'products',
        'username' = 'shop', 'password' = '${env:DB_PASSWORD}');
CREATE TABLE shops (
  rowkey STRING, info ROW<name STRING, region STRING>
) WITH ('connector' = 'hbase', 'table-name' = 'shops', 'clusters' = 'A=http://a:8080;B=http://b:8080', 'routing' = 'rt-balanced', 'lookup.timeout' = '200ms');
CREATE TABLE out1 (order_id STRING, title STRING, price DECIMAL(10, 2), region STRING) WITH ('connector' = 'print');
INSERT INTO out1
SELECT o.order_id, p.title, p.price, s.info.region
FROM orders o
JOIN products FOR SYSTEM_TIME AS OF o.proc AS p ON p.id = o.product_id AND p.active
LEFT JOIN shops FOR SYSTEM_TIME AS OF o.proc AS s ON s.rowkey = UPPER(o.shop);
