-- Views over a nexmark source, OPTIONS hints on a table (dynamic options), and SELECT DISTINCT.
CREATE TABLE gen (
  event_type INT,
  bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3)>,
  `dateTime` AS bid.`dateTime`,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'nexmark', 'events.num' = '1000', 'rate' = '100');
CREATE VIEW bids AS SELECT bid.auction, bid.bidder, bid.price, `dateTime` FROM gen WHERE event_type = 2;
CREATE TABLE bidders (bidder BIGINT, auction BIGINT) WITH ('connector' = 'print');
CREATE TABLE prices (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO bidders SELECT DISTINCT bidder, auction FROM bids WHERE price > 100;
INSERT INTO prices SELECT bid.auction, bid.price FROM gen /*+ OPTIONS('events.num'='500') */ WHERE event_type = 2;
