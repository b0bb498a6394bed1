// Params: $programs [{code, name, inviteOnly, periodMonths, price, fullPrice, scoreThreshold, minAnnualSpend}].
UNWIND $programs AS p
MERGE (program:Program {code: p.code})
SET program += p
