// Params: $app, $externalId, $monthStart, $yearStart (ISO text: the current benefit periods' starts). Floor of
// benefitEligibility for bench: the account's member and what the decision reads (as membership/member-standing),
// in one statement; the decision itself is pure JS. Returns: memberId, loyaltyScore, memberships [{program, until}],
// invitedTo [String], linkedApps [String], usage [{benefitId, month, year, total}]; no row for an unknown account.
MATCH (:Account {app: $app, externalId: $externalId})-[:BELONGS_TO]->(m:Member)
RETURN m.id AS memberId, m.loyaltyScore AS loyaltyScore,
       [(m)-[:HOLDS]->(ms:Membership) | {program: ms.program, until: ms.until}] AS memberships,
       [(m)-[:INVITED_TO]->(p:Program) | p.code] AS invitedTo,
       [(m)<-[:BELONGS_TO]-(a:Account) | a.app] AS linkedApps,
       COLLECT {
         MATCH (m)<-[:BELONGS_TO]-(:Account)<-[:BY_ACCOUNT]-(r:Redemption)
         WHERE r.at >= datetime($yearStart) OR EXISTS { (r)-[:OF_BENEFIT]->(:Benefit {period: 'ONCE'}) }
         WITH r.benefitId AS benefitId, count(*) AS total,
              sum(CASE WHEN r.at >= datetime($monthStart) THEN 1 ELSE 0 END) AS month,
              sum(CASE WHEN r.at >= datetime($yearStart) THEN 1 ELSE 0 END) AS year
         RETURN {benefitId: benefitId, month: month, year: year, total: total}
       } AS usage
