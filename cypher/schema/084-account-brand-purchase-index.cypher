// FIRST_PURCHASE reads the accounts whose first purchase from a brand falls in a window: brandId, then firstPurchaseAt.
CREATE INDEX account_brand_purchase IF NOT EXISTS FOR (s:AccountBrand) ON (s.brandId, s.firstPurchaseAt)
