// Params: $app, $owner (a delivering process), $leaseMs (Int). Takes or renews the lease on an app's webhook delivery:
// free when nobody holds it, the owner renews it, or the holder let it lapse (a crashed process). The cursor is
// write-locked (_lock) before the lease is read, so two processes never both win. A new cursor starts after the newest
// change: partners read older ones with identityChanges. Returns: offset (the last change delivered), owned (Boolean).
OPTIONAL MATCH (s:ChangeSequence {name: 'identity:' + $app})
MERGE (c:WebhookCursor {app: $app})
ON CREATE SET c.offset = coalesce(s.last, 0)
SET c._lock = true
WITH c
WITH c, c.owner IS NULL OR c.owner = $owner OR c.leaseUntil < datetime() AS free
SET c.owner = CASE WHEN free THEN $owner ELSE c.owner END,
    c.leaseUntil = CASE WHEN free THEN datetime() + duration({milliseconds: $leaseMs}) ELSE c.leaseUntil END
REMOVE c._lock
RETURN c.offset AS offset, free AS owned
