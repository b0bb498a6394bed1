// Params, as columns: $memberIds, $memberNames [String]; $vip88 [Boolean] (per member: an active 88VIP membership);
// $accountIds, $accountMembers (member index), $apps, $externalIds, $birthDates, $cities (per account); $eventAccounts
// (account index), $eventKeys, $eventTypes, $eventAts (epoch ms), $eventBrands, $eventAmounts, $eventRatings,
// $eventTargets (the account index a SHARE or REFERRAL went to, -1 for none) (per event); $tagMembers (member index),
// $tagNames (per derived tag). Loads one batch of the databank benchmark's graph with CREATE (every id is new).
// Returns: events (Int).
CALL () {
  UNWIND range(0, size($memberIds) - 1) AS i
  CREATE (m:Member {id: $memberIds[i], displayName: $memberNames[i], loyaltyScore: 0, createdAt: datetime()})
  FOREACH (_ IN CASE WHEN $vip88[i] THEN [1] ELSE [] END |
    CREATE (m)-[:HOLDS]->(:Membership {id: $memberIds[i] + '-88vip', program: '88VIP', since: datetime() - duration('P100D'),
                                       until: datetime() + duration('P265D'), renewals: 0, pricePaid: 88.0}))
}
CALL () {
  UNWIND range(0, size($accountIds) - 1) AS i
  MATCH (m:Member {id: $memberIds[toInteger($accountMembers[i])]})
  CREATE (a:Account {id: $accountIds[i], app: $apps[i], externalId: $externalIds[i], birthDate: $birthDates[i], city: $cities[i],
                     createdAt: datetime()})
  CREATE (a)-[:BELONGS_TO {method: 'DETERMINISTIC', confidence: 1.0, rules: ['BENCH_DATABANK'], purposes: ['BENEFITS', 'RECOMMENDATIONS', 'ANALYTICS'], linkedAt: datetime()}]->(m)
}
CALL () {
  UNWIND range(0, size($tagMembers) - 1) AS i
  MATCH (m:Member {id: $memberIds[toInteger($tagMembers[i])]})
  MERGE (t:Tag {name: $tagNames[i]})
  ON CREATE SET t.derived = true
  CREATE (m)-[:HAS_TAG {source: 'derived', at: datetime()}]->(t)
}
UNWIND range(0, size($eventKeys) - 1) AS i
MATCH (a:Account {id: $accountIds[toInteger($eventAccounts[i])]})
MATCH (b:Brand {id: $eventBrands[i]})
CREATE (a)-[:DID]->(e:Event {key: $eventKeys[i], type: $eventTypes[i], at: datetime({epochMillis: toInteger($eventAts[i])}), brandId: $eventBrands[i],
                             amount: $eventAmounts[i], rating: $eventRatings[i], app: $apps[toInteger($eventAccounts[i])], recordedAt: datetime()})
CREATE (e)-[:ABOUT]->(b)
WITH e, i
CALL (e, i) {
  WITH e, i WHERE $eventTargets[i] >= 0
  MATCH (t:Account {id: $accountIds[toInteger($eventTargets[i])]})
  CREATE (e)-[:TO]->(t)
}
RETURN count(e) AS events
