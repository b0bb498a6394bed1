// Params: $categories [{app, name, label}], $items [{id, title, app, category, brandId, price, regions}],
// $destinations [{name, region}].
// Creates or updates the catalog: (:Item)-[:IN_CATEGORY]->(:Category {key: app:name}), (:Item)-[:OF_BRAND]->(:Brand),
// (:Destination {name, region});
// nothing is deleted. Returns: nothing.
CALL () {
  UNWIND $destinations AS d
  MERGE (dest:Destination {name: d.name})
  SET dest.region = d.region
}
UNWIND $categories AS c
MERGE (cat:Category {key: c.app + ':' + c.name})
SET cat.app = c.app, cat.name = c.name, cat.label = c.label
WITH count(*) AS categories
UNWIND $items AS it
MERGE (i:Item {id: it.id})
ON CREATE SET i.popularity = 0
SET i.title = it.title, i.app = it.app, i.category = it.category, i.brandId = it.brandId, i.price = it.price, i.regions = it.regions
WITH i, it
MATCH (cat:Category {key: it.app + ':' + it.category})
OPTIONAL MATCH (i)-[old:IN_CATEGORY]->(other:Category) WHERE other <> cat
DELETE old
MERGE (i)-[:IN_CATEGORY]->(cat)
WITH DISTINCT i, it
OPTIONAL MATCH (i)-[oldBrand:OF_BRAND]->(b:Brand) WHERE b.id <> coalesce(it.brandId, '')
DELETE oldBrand
WITH DISTINCT i, it
OPTIONAL MATCH (brand:Brand {id: it.brandId})
FOREACH (_ IN CASE WHEN brand IS NULL THEN [] ELSE [1] END | MERGE (i)-[:OF_BRAND]->(brand))
