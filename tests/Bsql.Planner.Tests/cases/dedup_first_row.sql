-- Deduplication: keep the first event per id (ROW_NUMBER ... = 1) into a print sink.
CREATE TABLE events (id STRING, payload STRING, proc AS PROCTIME()) WITH ('connector' = 'datagen');
SELECT id, payload FROM (
  SELECT id, payload, ROW_NUMBER() OVER (PARTITION BY id ORDER BY proc ASC) AS rn FROM events
) WHERE rn = 1;
