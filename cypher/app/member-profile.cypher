// Params: $id; $accounts, $identifiers, $memberships, $standing (Booleans: the parts the query asks for);
// $accountCap, $identifierCap (Int); $monthStart, $yearStart (ISO text: the current benefit periods' starts).
// A member's profile in one statement, for a query asking for a member with its accounts, memberships or benefits:
// each part has the shape of the loader it fills (accounts-by-member with identifiers-by-account, memberships-by-member,
// member-standing) and is null when not asked for. A merged-away id reads the member it was merged into; no row
// when the id is unknown.
OPTIONAL MATCH (live:Member {id: $id})
OPTIONAL MATCH (:MergedMember {id: $id})-[:MERGED_INTO]->(survivor:Member)
WITH coalesce(live, survivor) AS m
WHERE m IS NOT NULL
// Counted before RETURN: an aggregating subquery inside the map below reads as an implicit grouping key.
WITH m, CASE WHEN $standing THEN COLLECT {
       MATCH (m)<-[:BELONGS_TO]-(:Account)<-[:BY_ACCOUNT]-(r:Redemption)
       WHERE r.at >= datetime($yearStart) OR EXISTS { (r)-[:OF_BENEFIT]->(:Benefit {period: 'ONCE'}) }
       WITH r.benefitId AS benefitId, count(*) AS total,
            sum(CASE WHEN r.at >= datetime($monthStart) THEN 1 ELSE 0 END) AS month,
            sum(CASE WHEN r.at >= datetime($yearStart) THEN 1 ELSE 0 END) AS year
       RETURN {benefitId: benefitId, month: month, year: year, total: total}
     } END AS usage
RETURN m {.id, .displayName, .loyaltyScore, .createdAt} AS member,
       CASE WHEN $accounts THEN COLLECT {
         MATCH (m)<-[l:BELONGS_TO]-(a:Account)
         RETURN a {.id, .app, .externalId, .displayName, memberId: m.id,
                   link: l {.method, .confidence, .rules, .linkedAt, .consentId, .purposes, .consentAt, .evidence},
                   identifiers: CASE WHEN $identifiers THEN COLLECT {
                     MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)
                     WHERE NOT i.kind ENDS WITH '~'
                     RETURN i {.kind, .masked} AS identifier
                     ORDER BY i.kind, i.masked
                     LIMIT $identifierCap
                   } END} AS account
         ORDER BY a.app, a.externalId
         LIMIT $accountCap
       } END AS accounts,
       CASE WHEN $memberships THEN COLLECT {
         MATCH (m)-[:HOLDS]->(ms:Membership)
         RETURN ms {.id, .program, .since, .until, .pricePaid, .renewals} AS membership
         ORDER BY ms.since
       } END AS memberships,
       CASE WHEN $standing THEN {
         id: m.id,
         loyaltyScore: m.loyaltyScore,
         memberships: [(m)-[:HOLDS]->(ms:Membership) | {program: ms.program, until: ms.until}],
         invitedTo: [(m)-[:INVITED_TO]->(p:Program) | p.code],
         linkedApps: [(m)<-[l:BELONGS_TO]-(a:Account) WHERE 'BENEFITS' IN l.purposes | a.app],
         usage: usage
       } END AS standing
