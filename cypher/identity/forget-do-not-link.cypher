// Params: $memberIds [String]. Removes every do-not-link fact between the accounts of these members and the
// members themselves: the person has said, with consent, that these accounts are theirs.
UNWIND $memberIds AS fromId
UNWIND $memberIds AS toId
MATCH (:Member {id: fromId})<-[:BELONGS_TO]-(:Account)-[d:DO_NOT_LINK]->(:Member {id: toId})
DELETE d
