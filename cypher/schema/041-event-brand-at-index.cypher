// AIPL funnels and leaderboards read a brand's events in a time window: equality on brandId, range on at.
CREATE INDEX event_brand_at IF NOT EXISTS FOR (e:Event) ON (e.brandId, e.at)
