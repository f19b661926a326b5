-- CROSS JOIN UNNEST with ordinality, LEFT JOIN UNNEST ON TRUE over an ARRAY of ROWs (the filter on the table's own column
-- moves below the Unnest), a comma join over a MAP, and a window aggregation over a view that unnests (the rowtime survives).
CREATE TABLE orders (id BIGINT, tags ARRAY<STRING>, items ARRAY<ROW<sku STRING, qty INT>>, attrs MAP<STRING, INT>, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE tags_out (id BIGINT, tag STRING, pos INT) WITH ('connector' = 'print');
CREATE TABLE items_out (id BIGINT, sku STRING, qty INT) WITH ('connector' = 'print');
CREATE TABLE attrs_out (k STRING, v INT) WITH ('connector' = 'print');
CREATE TABLE counts (k STRING, wstart TIMESTAMP(3), c BIGINT) WITH ('connector' = 'print');
CREATE VIEW exploded AS SELECT id, k, v, ts FROM orders CROSS JOIN UNNEST(attrs) AS a (k, v);
INSERT INTO tags_out SELECT id, tag, pos FROM orders CROSS JOIN UNNEST(tags) WITH ORDINALITY AS t (tag, pos);
INSERT INTO items_out SELECT o.id, i.sku, i.qty FROM orders AS o LEFT JOIN UNNEST(o.items) AS i ON TRUE WHERE o.id > 1 AND i.qty IS NULL;
INSERT INTO attrs_out SELECT k, v FROM orders, UNNEST(attrs) AS a (k, v) WHERE v > 0;
INSERT INTO counts SELECT k, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE exploded, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY k, window_start, window_end;
