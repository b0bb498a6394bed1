// The natural key of an account: the app it lives on and that app's own id for it. Upserts MERGE on it.
CREATE CONSTRAINT account_ref_unique IF NOT EXISTS FOR (a:Account) REQUIRE (a.app, a.externalId) IS UNIQUE
