// Per-account summaries of a brand (first join, first and last purchase), one per account and brand, kept by the
// event writes: key is accountId|brandId.
CREATE CONSTRAINT account_brand_key_unique IF NOT EXISTS FOR (s:AccountBrand) REQUIRE s.key IS UNIQUE
