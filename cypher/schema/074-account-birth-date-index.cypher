// A blocking key: accounts with the same birth date (and first letter of the name) are compared, for a moved city.
CREATE INDEX account_birth_date IF NOT EXISTS FOR (a:Account) ON (a.birthDate)
