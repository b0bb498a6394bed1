// Leaderboards read one kind of a brand's events (JOIN_BRAND, PURCHASE...) in a window.
CREATE INDEX event_brand_type_at IF NOT EXISTS FOR (e:Event) ON (e.brandId, e.type, e.at)
