// Params: $ids [String] member ids, $spendSince (ISO text), $usedSince (ISO text, the earliest period start in play).
// Returns one row per live member: id, loyaltyScore, memberships [{program, until}], invitedTo [String],
// linkedApps [String], annualSpend (Float), redemptions [{benefitId, at}] since $usedSince.
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN id, m.loyaltyScore AS loyaltyScore,
       [(m)-[:HOLDS]->(ms:Membership) | {program: ms.program, until: ms.until}] AS memberships,
       [(m)-[:INVITED_TO]->(p:Program) | p.code] AS invitedTo,
       [(m)<-[:BELONGS_TO]-(a:Account) | a.app] AS linkedApps,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(:Account)-[:DID]->(e:Event {type: 'PURCHASE'}) WHERE e.at >= datetime($spendSince) RETURN e.amount } AS purchases,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(:Account)<-[:BY_ACCOUNT]-(r:Redemption) WHERE r.at >= datetime($usedSince) RETURN {benefitId: r.benefitId, at: r.at} } AS redemptions
