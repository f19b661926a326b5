-- BSQL extensions: the delayed window join (both duration forms, chained), lookup joins, env values.
INSERT INTO samples
SELECT f.req_id, f.item_id, f.ts, c.ts AS click_ts, IF(c.req_id IS NULL, 0, 1) AS label
FROM feed f LEFT(GLOBAL) 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id
WHERE f.scene = 'home';
SELECT * FROM feed f LEFT 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id;
SELECT * FROM feed f LEFT INTERVAL '1' HOUR WINDOW AND INTERVAL '10' MINUTE DELAY JOIN click c ON f.req_id = c.req_id;
SELECT * FROM feed f LEFT(GLOBAL) INTERVAL '1:30' HOUR TO MINUTE WINDOW AND 0s DELAY JOIN click c ON f.req_id = c.req_id;
SELECT * FROM feed f LEFT 90s WINDOW AND 500ms DELAY JOIN click c ON f.req_id = c.req_id AND c.valid = TRUE;
SELECT * FROM feed f LEFT 1d WINDOW AND 1h DELAY JOIN click c ON f.req_id = c.req_id;
SELECT f.req_id, c.ts, l.ts FROM feed f LEFT(GLOBAL) 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id LEFT 1h WINDOW AND 0s DELAY JOIN likes l ON f.req_id = l.req_id;
SELECT * FROM feed f LEFT 1H WINDOW AND 10M DELAY JOIN click c ON f.req_id = c.req_id;
SELECT * FROM feed AS f LEFT(GLOBAL) 2h WINDOW AND INTERVAL '5' MINUTE DELAY JOIN (SELECT * FROM click WHERE valid) AS c ON f.req_id = c.req_id;
SELECT * FROM feed f LEFT(global) 10m WINDOW AND 1m DELAY JOIN click c ON f.req_id = c.req_id JOIN users FOR SYSTEM_TIME AS OF f.proc AS u ON u.uid = f.uid;
SELECT * FROM feed f JOIN users FOR SYSTEM_TIME AS OF f.proc AS u ON u.uid = f.uid LEFT 1h WINDOW AND 10m DELAY JOIN click c ON f.req_id = c.req_id;
SELECT /*+ SKEW('buckets' = '16') */ uid, APPROX_COUNT_DISTINCT(item_id) AS items FROM feed GROUP BY uid;
SELECT uid, COUNT(DISTINCT item_id) FROM feed GROUP BY uid;
CREATE TABLE secrets (k STRING) WITH ('connector' = 'jdbc', 'url' = '${env:PG_URL}', 'password' = '${env:PG_PASSWORD}');
SET 'state.backend' = 'redis';
SET 'sjoin.late-rows' = 'dead-letter';
SET 'table.optimizer.agg-phase-strategy' = 'TWO_PHASE';
SET 'execution.checkpointing.interval' = '10s';
