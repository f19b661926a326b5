-- Kafka to Kafka with formats: CSV in (key fields, startup by timestamp, bounded), JSON out, a HOP window TVF.
CREATE TABLE trades (
  symbol STRING, price DOUBLE, qty INT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '0.2' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'trades;trades2', 'properties.bootstrap.servers' = 'k:9092', 'properties.group.id' = 'g1',
        'scan.startup.mode' = 'timestamp', 'scan.startup.timestamp-millis' = '1700000000000', 'scan.bounded.mode' = 'latest-offset',
        'format' = 'csv', 'csv.field-delimiter' = ';', 'csv.ignore-parse-errors' = 'true', 'key.fields' = 'symbol', 'key.format' = 'raw');
CREATE TABLE vwap (symbol STRING, wend TIMESTAMP(3), vwap DOUBLE, volume BIGINT)
WITH ('connector' = 'kafka', 'topic' = 'vwap', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json', 'json.timestamp-format.standard' = 'ISO-8601');
INSERT INTO vwap
SELECT symbol, window_end, SUM(price * qty) / SUM(qty), SUM(CAST(qty AS BIGINT))
FROM TABLE(HOP(TABLE trades, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '1' MINUTE))
GROUP BY symbol, window_start, window_end;
