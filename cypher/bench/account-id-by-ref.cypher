// Params: $app, $externalId. Floor of upsertAccount for bench:api: a single indexed read, the account by its unique
// (app, externalId). Returns: id, or no row.
MATCH (a:Account {app: $app, externalId: $externalId})
RETURN a.id AS id
