// Params: $id (member id), $app (app of the benefit answers), $monthStart, $yearStart (ISO text: the current benefit
// periods' starts). Floor of the member profile query for bench:api: what the profile shows, read in one statement.
// Returns one row: member {id, displayName, loyaltyScore}, accounts [{id, externalId, app, method,
// identifiers [{kind, masked}] (not the derived matching keys, kinds ending in ~)}] ordered by app and externalId, memberships [{program, since, until}],
// invitedTo [String], usage [{benefitId, month, year, total}], benefits [{id, program, app, usageLimit, period,
// validFrom, validTo}] used on $app: the inputs of the benefit decisions, not the decisions.
MATCH (m:Member {id: $id})
RETURN m {.id, .displayName, .loyaltyScore} AS member,
       COLLECT {
         MATCH (m)<-[l:BELONGS_TO]-(a:Account)
         RETURN a {.id, .externalId, .app, method: l.method,
                   identifiers: COLLECT { MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier) WHERE NOT i.kind ENDS WITH '~'
                                         RETURN i {.kind, .masked} AS identifier ORDER BY i.kind, i.masked }} AS account
         ORDER BY a.app, a.externalId
       } AS accounts,
       [(m)-[:HOLDS]->(ms:Membership) | ms {.program, .since, .until}] AS memberships,
       [(m)-[:INVITED_TO]->(p:Program) | p.code] AS invitedTo,
       COLLECT {
         MATCH (m)<-[:BELONGS_TO]-(:Account)<-[:BY_ACCOUNT]-(r:Redemption)
         WHERE r.at >= datetime($yearStart) OR EXISTS { (r)-[:OF_BENEFIT]->(:Benefit {period: 'ONCE'}) }
         WITH r.benefitId AS benefitId, count(*) AS total,
              sum(CASE WHEN r.at >= datetime($monthStart) THEN 1 ELSE 0 END) AS month,
              sum(CASE WHEN r.at >= datetime($yearStart) THEN 1 ELSE 0 END) AS year
         RETURN {benefitId: benefitId, month: month, year: year, total: total}
       } AS usage,
       COLLECT {
         MATCH (b:Benefit {app: $app})
         RETURN b {.id, .program, .app, .usageLimit, .period, .validFrom, .validTo} AS benefit ORDER BY b.program, b.id
       } AS benefits
