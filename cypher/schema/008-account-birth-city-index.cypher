// The probabilistic blocking key: accounts with the same birth date and city are compared by name.
CREATE INDEX account_birth_city IF NOT EXISTS FOR (a:Account) ON (a.birthDate, a.city)
