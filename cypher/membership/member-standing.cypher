// Params: $ids [String] member ids, $spendSince (DateTime), $usedSince (DateTime, the earliest period start in play).
// Returns one row per live member: id, loyaltyScore, memberships [{program, until}], invitedTo [String],
// linkedApps [String], annualSpend (Float), redemptions [{benefitId, at}] since $usedSince.
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN id, m.loyaltyScore AS loyaltyScore,
       [(m)-[:HOLDS]->(ms:Membership) | {program: ms.program, until: ms.until}] AS memberships,
       [(m)-[:INVITED_TO]->(p:Program) | p.code] AS invitedTo,
       [(m)<-[:BELONGS_TO]-(a:Account) | a.app] AS linkedApps,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(:Account)-[:DID]->(e:Event {type: 'PURCHASE'}) WHERE e.at >= $spendSince RETURN e.amount } AS purchases,
       COLLECT { MATCH (m)<-[:BELONGS_TO]-(:Account)<-[:BY_ACCOUNT]-(r:Redemption) WHERE r.at >= $usedSince RETURN {benefitId: r.benefitId, at: r.at} } AS redemptions
