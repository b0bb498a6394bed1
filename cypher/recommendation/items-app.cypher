// Params: $itemIds [String]. Returns: id, app, category, brandId of each item that exists.
UNWIND $itemIds AS itemId
MATCH (i:Item {id: itemId})
RETURN i.id AS id, i.app AS app, i.category AS category, i.brandId AS brandId
