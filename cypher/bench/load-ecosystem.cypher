// Params, as columns: $memberIds [String], $loyaltyScores [Int], $apass [Boolean] (per member); $accountIds,
// $accountNames, $accountInitials, $apps [String], $hashes, $kinds, $masks [[String]] (per account); $itemEventAccounts (account index),
// $itemEventKeys, $itemEventTypes, $itemEventAts (epoch ms), $itemIds, $itemCategories (per item event).
// What the ecosystem adds to a batch that bench/load-databank has just created: loyalty scores, APASS memberships,
// account names, identifiers (MERGE: a household's device is shared) and events about catalog items. Returns:
// itemEvents (Int).
CALL () {
  UNWIND range(0, size($memberIds) - 1) AS i
  MATCH (m:Member {id: $memberIds[i]})
  SET m.loyaltyScore = toInteger($loyaltyScores[i])
  FOREACH (_ IN CASE WHEN $apass[i] THEN [1] ELSE [] END |
    CREATE (m)-[:HOLDS]->(:Membership {id: $memberIds[i] + '-apass', program: 'APASS', since: datetime() - duration('P200D'),
                                       until: datetime() + duration('P165D'), renewals: 0, pricePaid: 0.0}))
}
CALL () {
  UNWIND range(0, size($accountIds) - 1) AS i
  MATCH (a:Account {id: $accountIds[i]})
  SET a.displayName = $accountNames[i], a.nameInitials = $accountInitials[i]
  WITH a, i
  UNWIND range(0, size($hashes[i]) - 1) AS k
  MERGE (n:Identifier {hash: $hashes[i][k]})
  ON CREATE SET n.kind = $kinds[i][k], n.masked = $masks[i][k]
  CREATE (a)-[:HAS_IDENTIFIER]->(n)
}
UNWIND range(0, size($itemEventKeys) - 1) AS i
MATCH (a:Account {id: $accountIds[toInteger($itemEventAccounts[i])]})
MATCH (item:Item {id: $itemIds[i]})
CREATE (a)-[:DID]->(e:Event {key: $itemEventKeys[i], type: $itemEventTypes[i], at: datetime({epochMillis: toInteger($itemEventAts[i])}),
                             app: $apps[toInteger($itemEventAccounts[i])], category: $itemCategories[i], itemId: $itemIds[i],
                             recordedAt: datetime()})
CREATE (e)-[:OF_ITEM]->(item)
RETURN count(e) AS itemEvents
