CREATE INDEX identity_change_app_offset IF NOT EXISTS FOR (c:IdentityChange) ON (c.app, c.offset)
