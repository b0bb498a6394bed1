CREATE CONSTRAINT membership_id_unique IF NOT EXISTS FOR (m:Membership) REQUIRE m.id IS UNIQUE
