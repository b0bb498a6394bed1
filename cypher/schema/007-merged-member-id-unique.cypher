// A member merged into another keeps its id on a (:MergedMember) node that points at the survivor.
CREATE CONSTRAINT merged_member_id_unique IF NOT EXISTS FOR (m:MergedMember) REQUIRE m.id IS UNIQUE
