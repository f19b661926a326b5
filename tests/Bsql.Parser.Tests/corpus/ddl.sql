-- DDL: CREATE TABLE in its Flink forms, views, functions, SET/RESET, DROP.
SET 'parallelism.default' = '4';
SET 'table.exec.state.ttl' = '1 h';
SET 'pipeline.name' = 'it''s a job';
SET;
RESET 'parallelism.default';
RESET;

CREATE TABLE feed (
  req_id STRING NOT NULL COMMENT 'request id',
  item_id BIGINT,
  scene STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'feed',
  'properties.bootstrap.servers' = '${env:KAFKA_BROKERS}',
  'properties.group.id' = 'samples',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TABLE IF NOT EXISTS click (
  req_id STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) COMMENT 'clicks' WITH ('connector' = 'kafka', 'topic' = 'click', 'format' = 'json');

CREATE TABLE users (
  uid BIGINT,
  name STRING,
  age INT,
  tags ARRAY<STRING>,
  props MAP<STRING, STRING>,
  PRIMARY KEY (uid) NOT ENFORCED
) WITH (
  'connector' = 'redis',
  'url' = 'redis://localhost:6379',
  'data-type' = 'hash',
  'key-pattern' = 'user:{uid}',
  'lookup.cache' = 'LRU',
  'lookup.cache.max-rows' = '10000',
  'lookup.cache.ttl' = '10min'
);

CREATE TABLE orders (
  order_id BIGINT,
  price DECIMAL(10, 2),
  quantity INT,
  amount AS price * quantity,
  proc AS PROCTIME(),
  order_time TIMESTAMP_LTZ(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '0.5' SECOND
) WITH ('connector' = 'datagen', 'rows-per-second' = '100', 'fields.order_id.kind' = 'sequence');

CREATE TABLE kafka_meta (
  `key` STRING,
  `value` STRING,
  event_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  `partition` BIGINT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL COMMENT 'the offset'
) WITH ('connector' = 'kafka', 'topic' = 'raw', 'format' = 'raw');

CREATE TABLE hbase_profile (
  rowkey STRING,
  cf ROW<age INT, city STRING, score DOUBLE>,
  stats ROW<clicks BIGINT, views BIGINT>,
  PRIMARY KEY (rowkey) NOT ENFORCED
) WITH (
  'connector' = 'hbase',
  'table-name' = 'profile',
  'clusters' = 'A=http://hbase-a:8080;B=http://hbase-b:8080',
  'routing' = 'rt-balanced',
  'value.encoding' = 'binary'
);

CREATE TABLE pg_items (
  item_id BIGINT PRIMARY KEY NOT ENFORCED,
  title VARCHAR(200),
  category CHAR(8),
  price DECIMAL(12, 4) NOT NULL
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://localhost:5432/shop',
  'table-name' = 'items',
  'username' = '${env:PG_USER}',
  'password' = '${file:/run/secrets/pg}'
);

CREATE TABLE all_types (
  a BOOLEAN,
  b TINYINT,
  c SMALLINT,
  d INTEGER,
  e BIGINT,
  f FLOAT,
  g DOUBLE,
  h DOUBLE PRECISION,
  i DECIMAL,
  j DECIMAL(38),
  k NUMERIC(5, 0),
  l STRING,
  m VARCHAR,
  n CHAR,
  o BYTES,
  p BINARY(16),
  q VARBINARY(64),
  r DATE,
  s TIME,
  t TIME(3),
  u TIMESTAMP,
  v TIMESTAMP(6) WITHOUT TIME ZONE,
  w TIMESTAMP(3) WITH LOCAL TIME ZONE,
  x TIMESTAMP_LTZ,
  y ARRAY<INT NOT NULL>,
  z MAP<STRING, ARRAY<ROW<k STRING, v DOUBLE>>>,
  aa MULTISET<STRING>,
  bb ROW(x INT, y STRING),
  cc ROW<`dateTime` TIMESTAMP(3) 'event time', `value` BIGINT NOT NULL> NOT NULL,
  dd INT ARRAY,
  ee REAL
) WITH ('connector' = 'blackhole');

CREATE TABLE samples (
  req_id STRING,
  item_id BIGINT,
  ts TIMESTAMP(3),
  click_ts TIMESTAMP(3),
  label INT,
  CONSTRAINT pk_samples PRIMARY KEY (req_id, item_id) NOT ENFORCED
) PARTITIONED BY (label) WITH ('connector' = 'filesystem', 'path' = '/data/samples', 'format' = 'json');

CREATE TEMPORARY TABLE print_sink (line STRING) WITH ('connector' = 'print');
CREATE TABLE dw.samples (id BIGINT) WITH ('connector' = 'blackhole');
CREATE TABLE cat.db.t (id BIGINT);

CREATE VIEW home_feed AS SELECT * FROM feed WHERE scene = 'home';
CREATE TEMPORARY VIEW v2 AS SELECT req_id, COUNT(*) AS c FROM click GROUP BY req_id;
CREATE VIEW IF NOT EXISTS v3 (a, b) COMMENT 'two columns' AS SELECT 1, 2;
CREATE VIEW dw.v4 AS SELECT a FROM t UNION ALL SELECT b FROM u;

CREATE FUNCTION normalize AS 'My.Udfs.Normalize';
CREATE FUNCTION normalize2 AS 'My.Udfs.Normalize' USING ASSEMBLY 'udfs/My.Udfs.dll';
CREATE TEMPORARY FUNCTION IF NOT EXISTS f3 AS 'My.Udfs.F3' LANGUAGE CSHARP;
CREATE TEMPORARY SYSTEM FUNCTION split_words AS 'My.Udfs.Split' USING ASSEMBLY '/opt/udfs.dll';
CREATE FUNCTION dw.score AS 'Udfs.Score';

DROP TABLE feed;
DROP TABLE IF EXISTS dw.samples;
DROP TEMPORARY VIEW v2;
DROP FUNCTION IF EXISTS normalize;
