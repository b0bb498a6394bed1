// Params: $ids [String] member ids, $monthStart, $yearStart (ISO text: the current benefit periods' starts).
// Returns one row per live member: id, loyaltyScore, memberships [{program, until}], invitedTo [String],
// linkedApps [String] (through links consented for BENEFITS; uses below count through every link, so withdrawing
// consent never resets a limit), usage [{benefitId, month, year, total}] counted in the database: only this year's
// redemptions and those of once-in-all benefits (period ONCE) are read, whatever the member's history.
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN id, m.loyaltyScore AS loyaltyScore,
       [(m)-[:HOLDS]->(ms:Membership) | {program: ms.program, until: ms.until}] AS memberships,
       [(m)-[:INVITED_TO]->(p:Program) | p.code] AS invitedTo,
       [(m)<-[l:BELONGS_TO]-(a:Account) WHERE 'BENEFITS' IN l.purposes | a.app] AS linkedApps,
       COLLECT {
         MATCH (m)<-[:BELONGS_TO]-(:Account)<-[:BY_ACCOUNT]-(r:Redemption)
         WHERE r.at >= datetime($yearStart) OR EXISTS { (r)-[:OF_BENEFIT]->(:Benefit {period: 'ONCE'}) }
         WITH r.benefitId AS benefitId, count(*) AS total,
              sum(CASE WHEN r.at >= datetime($monthStart) THEN 1 ELSE 0 END) AS month,
              sum(CASE WHEN r.at >= datetime($yearStart) THEN 1 ELSE 0 END) AS year
         RETURN {benefitId: benefitId, month: month, year: year, total: total}
       } AS usage
