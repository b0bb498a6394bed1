// Erasure finds a member's payments to strip the member id from them.
CREATE INDEX payment_member IF NOT EXISTS FOR (p:Payment) ON (p.memberId)
