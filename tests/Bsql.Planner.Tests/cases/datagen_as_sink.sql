-- fail: BSQL3006 @ 4:13
CREATE TABLE x (a INT) WITH ('connector' = 'datagen');
CREATE TABLE y (a INT) WITH ('connector' = 'datagen');
INSERT INTO y SELECT a FROM x;
