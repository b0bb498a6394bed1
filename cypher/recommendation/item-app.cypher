// Params: $itemId. Returns: app, category, brandId of the item, or no row.
MATCH (i:Item {id: $itemId})
RETURN i.app AS app, i.category AS category, i.brandId AS brandId
