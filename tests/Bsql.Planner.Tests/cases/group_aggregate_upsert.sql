-- An unbounded GROUP BY (updating) into an HBase upsert sink, HAVING, and expressions over aggregates.
CREATE TABLE visits (site STRING, uid BIGINT, ms INT) WITH ('connector' = 'datagen');
CREATE TABLE site_stats (rowkey STRING, cf ROW<visits BIGINT, avg_ms INT>, PRIMARY KEY (rowkey) NOT ENFORCED)
WITH ('connector' = 'hbase', 'table-name' = 'stats', 'clusters' = 'A=http://a:8080');
INSERT INTO site_stats
SELECT UPPER(site), ROW(COUNT(*), AVG(ms))
FROM visits
GROUP BY UPPER(site)
HAVING COUNT(DISTINCT uid) > 10;
