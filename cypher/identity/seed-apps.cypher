// Params: $apps [{code, name, scenario, external}]. Idempotent.
UNWIND $apps AS app
MERGE (a:App {code: app.code})
SET a.name = app.name, a.scenario = app.scenario, a.external = app.external
