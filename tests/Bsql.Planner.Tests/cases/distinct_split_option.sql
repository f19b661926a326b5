-- table.optimizer.distinct-agg.split.enabled: COUNT(DISTINCT) per (key, bucket), then SUM0 per key.
SET 'table.optimizer.distinct-agg.split.enabled' = 'true';
SET 'table.optimizer.distinct-agg.split.bucket-num' = '64';
CREATE TABLE views (video STRING, uid BIGINT) WITH ('connector' = 'datagen');
CREATE TABLE audience (video STRING, viewers BIGINT, PRIMARY KEY (video) NOT ENFORCED) WITH ('connector' = 'redis', 'url' = 'redis://r:6379');
INSERT INTO audience SELECT video, COUNT(DISTINCT uid) FROM views GROUP BY video;
