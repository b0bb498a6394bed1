// Params: $benefits [{id, name, program, scenario, app, brandId, participatingBrands, value, valueUnit, usageLimit,
// period, validFrom, validTo}] (dates as ISO text).
UNWIND $benefits AS b
MATCH (program:Program {code: b.program})
MATCH (app:App {code: b.app})
MERGE (benefit:Benefit {id: b.id})
SET benefit.name = b.name, benefit.program = b.program, benefit.scenario = b.scenario, benefit.app = b.app,
    benefit.brandId = b.brandId, benefit.participatingBrands = b.participatingBrands, benefit.value = b.value,
    benefit.valueUnit = b.valueUnit, benefit.usageLimit = b.usageLimit, benefit.period = b.period,
    benefit.validFrom = CASE WHEN b.validFrom IS NULL THEN null ELSE datetime(b.validFrom) END,
    benefit.validTo = CASE WHEN b.validTo IS NULL THEN null ELSE datetime(b.validTo) END
MERGE (benefit)-[:OF_PROGRAM]->(program)
MERGE (benefit)-[:REDEEMED_ON]->(app)
