// Apps are addressed by their code (TAOBAO, ELEME, ...).
CREATE CONSTRAINT app_code_unique IF NOT EXISTS FOR (a:App) REQUIRE a.code IS UNIQUE
