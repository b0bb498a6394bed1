CREATE INDEX item_app_popularity IF NOT EXISTS FOR (i:Item) ON (i.app, i.popularity)
