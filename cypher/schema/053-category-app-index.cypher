CREATE INDEX category_app IF NOT EXISTS FOR (c:Category) ON (c.app)
