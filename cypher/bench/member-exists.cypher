// Params: $id. Whether a member with this id exists. Returns: found (Boolean).
RETURN EXISTS { MATCH (:Member {id: $id}) } AS found
