-- The SKEW hint: COUNT(DISTINCT) split by hash buckets, then the bucket level merged in two phases.
CREATE TABLE views (video STRING, uid BIGINT) WITH ('connector' = 'datagen');
CREATE TABLE audience (video STRING, viewers BIGINT, views BIGINT, PRIMARY KEY (video) NOT ENFORCED)
WITH ('connector' = 'redis', 'url' = 'redis://r:6379');
INSERT INTO audience
SELECT /*+ SKEW('buckets'='16') */ video, COUNT(DISTINCT uid), COUNT(*) FROM views GROUP BY video;
