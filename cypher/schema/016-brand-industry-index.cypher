CREATE INDEX brand_industry IF NOT EXISTS FOR (b:Brand) ON (b.industry)
