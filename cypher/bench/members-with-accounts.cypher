// Returns every member with its accounts, for bench:api to draw the requests' members and account refs from:
// memberId, accounts [{app, externalId}].
MATCH (m:Member)<-[:BELONGS_TO]-(a:Account)
RETURN m.id AS memberId, collect(a {.app, .externalId}) AS accounts
