// Params: $key (the payment reference scoped by who reported it), $memberId, $program, $amount (Float or null).
// Records a program payment once. Returns: fresh (Boolean: first time seen), memberId, program, membershipId (the
// membership it paid for, null until joined).
MERGE (pay:Payment {key: $key})
ON CREATE SET pay.memberId = $memberId, pay.program = $program, pay.amount = $amount, pay.at = datetime(), pay.fresh = true
WITH pay, coalesce(pay.fresh, false) AS fresh
REMOVE pay.fresh
RETURN fresh, pay.memberId AS memberId, pay.program AS program, pay.membershipId AS membershipId
