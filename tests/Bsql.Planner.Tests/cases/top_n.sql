-- Top-N: the three most expensive products per category.
CREATE TABLE products (category STRING, product STRING, price DOUBLE) WITH ('connector' = 'datagen');
CREATE TABLE top3 (category STRING, product STRING, price DOUBLE, rn BIGINT, PRIMARY KEY (category, rn) NOT ENFORCED)
WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://db/x', 'table-name' = 'top3');
INSERT INTO top3
SELECT category, product, price, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY category ORDER BY price DESC) AS rn FROM products
) WHERE rn <= 3;
