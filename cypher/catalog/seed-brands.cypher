// Params: $brands [{id, name, industry, participatesIn}].
UNWIND $brands AS b
MERGE (brand:Brand {id: b.id})
SET brand.name = b.name, brand.industry = b.industry, brand.participatesIn = b.participatesIn
