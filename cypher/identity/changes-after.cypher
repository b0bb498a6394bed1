// Params: $app, $after (Int offset, 0 for the start), $first (Int). The identity changes concerning an app's accounts
// after an offset, oldest first, read from the (app, offset) index in its order. Returns: change {offset, kind, at,
// memberId, accounts [externalId], mergedMemberIds}.
MATCH (c:IdentityChange)
WHERE c.app = $app AND c.offset > $after
RETURN c {.offset, .kind, .at, .memberId, .accounts, .mergedMemberIds, .app} AS change
ORDER BY c.offset
LIMIT $first
