// Params: $app, $owner. Gives up the lease on an app's delivery at a clean stop, so another process takes over at once.
MATCH (c:WebhookCursor {app: $app})
WHERE c.owner = $owner
SET c.owner = null, c.leaseUntil = null
