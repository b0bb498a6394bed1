// An event is keyed by a hash of what it says, so a client's retry of recordEvent stores it once.
CREATE CONSTRAINT event_key_unique IF NOT EXISTS FOR (e:Event) REQUIRE e.key IS UNIQUE
