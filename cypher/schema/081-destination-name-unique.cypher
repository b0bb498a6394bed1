CREATE CONSTRAINT destination_name_unique IF NOT EXISTS FOR (d:Destination) REQUIRE d.name IS UNIQUE
