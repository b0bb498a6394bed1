// Params: $app, $owner, $offset (Int: the last change the partner acknowledged), $leaseMs (Int). Moves the cursor on
// and renews the lease, only while $owner holds it (a process that lost it acknowledges nothing). Never moves back.
// Returns: offset, or no row when $owner no longer holds the lease.
MATCH (c:WebhookCursor {app: $app})
WHERE c.owner = $owner
SET c.offset = CASE WHEN c.offset < $offset THEN $offset ELSE c.offset END,
    c.deliveredAt = datetime(),
    c.leaseUntil = datetime() + duration({milliseconds: $leaseMs})
RETURN c.offset AS offset
