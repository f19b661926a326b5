-- fail: BSQL2012 @ 3:70
CREATE TABLE nw (k STRING, ts TIMESTAMP(3)) WITH ('connector' = 'datagen');
SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE nw, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end;
