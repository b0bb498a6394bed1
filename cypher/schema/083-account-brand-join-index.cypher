// RECRUITMENT reads the accounts whose first join of a brand falls in a window: equality on brandId, range on firstJoinAt.
CREATE INDEX account_brand_join IF NOT EXISTS FOR (s:AccountBrand) ON (s.brandId, s.firstJoinAt)
