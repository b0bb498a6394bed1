CREATE CONSTRAINT webhook_cursor_app_unique IF NOT EXISTS FOR (c:WebhookCursor) REQUIRE c.app IS UNIQUE
