-- Built-in functions, CASE, CAST/TRY_CAST, string literals compared with timestamps, IN lists, LIKE, JSON_VALUE.
CREATE TABLE e (id BIGINT, name STRING, price DECIMAL(10, 2), tags ARRAY<STRING>, attrs MAP<STRING, STRING>, body STRING, ts TIMESTAMP(3), d DATE)
WITH ('connector' = 'datagen');
CREATE TABLE out1 (id BIGINT, label STRING, cents BIGINT, first_tag STRING, color STRING, day STRING, hour BIGINT, v STRING, ok BOOLEAN)
WITH ('connector' = 'print');
INSERT INTO out1
SELECT id,
       CASE WHEN price > 100 THEN 'expensive' WHEN price > 10 THEN 'normal' ELSE 'cheap' END,
       CAST(price * 100 AS BIGINT),
       tags[1],
       COALESCE(attrs['color'], 'none'),
       DATE_FORMAT(ts, 'yyyy-MM-dd'),
       EXTRACT(HOUR FROM ts),
       JSON_VALUE(body, '$.a.b'),
       name LIKE 'a%' AND id IN (1, 2, 3) AND ts > '2024-01-01 00:00:00' AND d >= DATE '2024-01-01' AND TRY_CAST(name AS INT) IS NULL
FROM e
WHERE CHAR_LENGTH(TRIM(name)) > 0 AND NOT (id BETWEEN 5 AND 7);
