-- INSERT forms, statement sets, EXPLAIN, bare queries.
INSERT INTO samples SELECT * FROM feed;
INSERT INTO dw.samples SELECT id FROM src;
INSERT INTO samples (req_id, item_id) SELECT req_id, item_id FROM feed;
INSERT INTO sink (SELECT a FROM src);
INSERT OVERWRITE archive SELECT * FROM src;
INSERT INTO sink /*+ OPTIONS('sink.parallelism' = '2') */ SELECT a FROM src;
INSERT INTO sink VALUES (1, 'a'), (2, 'b');
INSERT INTO sink SELECT * FROM (VALUES (1, 'x'), (2, 'y')) AS t(id, name);
EXECUTE STATEMENT SET
BEGIN
  INSERT INTO s1 SELECT a FROM src;
  INSERT INTO s2 SELECT b FROM src WHERE b > 0;
END;
EXPLAIN SELECT * FROM feed;
EXPLAIN PLAN FOR INSERT INTO samples SELECT * FROM feed;
EXPLAIN PLAN FOR SELECT COUNT(*) FROM click;
SELECT 1;
SELECT 'hello' AS greeting;
VALUES (1), (2), (3);
(SELECT a FROM t);
WITH x AS (SELECT 1 AS a) SELECT a FROM x;
