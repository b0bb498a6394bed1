CREATE CONSTRAINT program_code_unique IF NOT EXISTS FOR (p:Program) REQUIRE p.code IS UNIQUE
