-- Impressions per scene and minute, printed (a monitoring job).
CREATE TABLE scene_counts (scene STRING, window_start TIMESTAMP(3), impressions BIGINT) WITH ('connector' = 'print');

INSERT INTO scene_counts
SELECT scene, window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE ods.feed, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY scene, window_start, window_end;
