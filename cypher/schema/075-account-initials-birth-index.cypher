// A blocking key: accounts with the same name initials (matching.blocking.ts nameInitials) born the same year, for a
// day and month swapped or mistyped. Equality on the initials, a prefix of the birth date (the year).
CREATE INDEX account_initials_birth IF NOT EXISTS FOR (a:Account) ON (a.nameInitials, a.birthDate)
