-- Several INSERTs form one DAG: the source (and the identical filter) is shared by both sinks.
CREATE TABLE logs (level STRING, msg STRING, host STRING) WITH ('connector' = 'filesystem', 'path' = '/var/log/app', 'format' = 'csv', 'csv.field-delimiter' = '|');
CREATE TABLE errors (msg STRING, host STRING) WITH ('connector' = 'filesystem', 'path' = '/out/errors', 'format' = 'json');
CREATE TABLE error_hosts (host STRING) WITH ('connector' = 'print');
INSERT INTO errors SELECT msg, host FROM logs WHERE level = 'ERROR';
INSERT INTO error_hosts SELECT host FROM logs WHERE level = 'ERROR';
