// Params: $brands [{id, name, industry, luxury, participatesIn, stores [{app}]}] (luxury and stores may be absent).
// Each store is (:Store {id: brandId@app, app, name})-[:OF_BRAND]->(:Brand); stores no longer listed are removed.
UNWIND $brands AS b
MERGE (brand:Brand {id: b.id})
SET brand.name = b.name, brand.industry = b.industry, brand.participatesIn = b.participatesIn,
    brand.luxury = coalesce(b.luxury, false)
WITH brand, [s IN coalesce(b.stores, []) | b.id + '@' + s.app] AS storeIds, coalesce(b.stores, []) AS stores
CALL (brand, storeIds) {
  OPTIONAL MATCH (old:Store)-[:OF_BRAND]->(brand) WHERE NOT old.id IN storeIds
  DETACH DELETE old
}
CALL (brand, stores) {
  UNWIND stores AS s
  MERGE (store:Store {id: brand.id + '@' + s.app})
  SET store.app = s.app, store.brandId = brand.id, store.name = brand.name + ' (' + s.app + ')'
  MERGE (store)-[:OF_BRAND]->(brand)
}
