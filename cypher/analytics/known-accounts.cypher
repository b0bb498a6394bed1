// Params: $apps, $externalIds (the same length; the i-th account is apps[i]/externalIds[i]). Which of these accounts
// exist, through the (app, externalId) uniqueness constraint. Returns: app, externalId of each existing one.
UNWIND range(0, size($apps) - 1) AS i
MATCH (a:Account {app: $apps[i], externalId: $externalIds[i]})
RETURN a.app AS app, a.externalId AS externalId
