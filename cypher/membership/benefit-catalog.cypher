// Returns every benefit: benefit {id, name, program, scenario, app, brandId, participatingBrands, value, valueUnit,
// usageLimit, period, validFrom, validTo}, ordered by program and id.
MATCH (b:Benefit)
RETURN b {.id, .name, .program, .scenario, .app, .brandId, .participatingBrands, .value, .valueUnit, .usageLimit,
          .period, .validFrom, .validTo} AS benefit
ORDER BY b.program, b.id
