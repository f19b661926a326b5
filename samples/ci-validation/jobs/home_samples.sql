-- Training samples for the home feed: one row per impression, labelled 1 when clicked within the hour.
INSERT INTO dw.samples
SELECT f.req_id, f.item_id, f.ts, IF(c.req_id IS NULL, 0, 1) AS label
FROM ods.feed f LEFT(GLOBAL) 1h WINDOW AND 10m DELAY JOIN ods.click c ON f.req_id = c.req_id AND f.item_id = c.item_id
WHERE f.scene = 'home';
