-- Tables from a YAML catalog (cases/catalog_tables.catalog.yaml): no DDL in the job.
INSERT INTO dw.samples
SELECT f.req_id, f.item_id, f.ts
FROM ods.feed AS f
WHERE f.scene = 'home';
