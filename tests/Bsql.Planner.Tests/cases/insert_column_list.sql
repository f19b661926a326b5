-- INSERT with a column list: unlisted columns are NULL; INT widens to BIGINT, VARCHAR(5) to STRING.
CREATE TABLE src (a INT, b VARCHAR(5)) WITH ('connector' = 'datagen');
CREATE TABLE dst (x BIGINT, y STRING, z DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO dst (y, x) SELECT b, a FROM src;
