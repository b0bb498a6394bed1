// Links written before consent purposes existed were used by benefits, recommendations and analytics alike: they keep
// exactly those purposes (MARKETING was never consented). In batches, so a large graph does not need one huge transaction.
MATCH ()-[l:BELONGS_TO]->() WHERE l.purposes IS NULL
CALL (l) {
  SET l.purposes = ['BENEFITS', 'RECOMMENDATIONS', 'ANALYTICS']
} IN TRANSACTIONS OF 10000 ROWS
