// Params: $memberId, $app. The member when it holds an account on the app: a payments app charges only members who
// hold an account there. Returns: id, or no row.
MATCH (m:Member {id: $memberId})
WHERE EXISTS { (m)<-[:BELONGS_TO]-(:Account {app: $app}) }
RETURN m.id AS id
