// Params: $id. Floor of the core profile for bench (what the @neo4j/graphql peer can answer too): the member, its
// accounts with their identifiers, its memberships, in one statement. Returns one row: member {id, displayName,
// loyaltyScore}, accounts [{id, externalId, app, displayName, identifiers [{kind, masked}]}], memberships [{program,
// since, until, pricePaid}]; no row for an unknown id.
MATCH (m:Member {id: $id})
RETURN m {.id, .displayName, .loyaltyScore} AS member,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(a:Account)
                 RETURN a {.id, .externalId, .app, .displayName,
                           identifiers: COLLECT { MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier) WHERE NOT i.kind ENDS WITH '~' RETURN i {.kind, .masked} AS i }} AS a } AS accounts,
       COLLECT { MATCH (m)-[:HOLDS]->(ms:Membership) RETURN ms {.program, .since, .until, .pricePaid} AS ms } AS memberships
