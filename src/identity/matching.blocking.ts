/** What blocking reads of an account. */
export interface BlockingAccount {
  birthDate: string | null;
  city: string | null;
  identifiers: { hash: string; kind: string }[];
}

/**
 * The blocking keys of an account, as match-candidates.cypher and batch-candidates.cypher look candidates up: every
 * identifier carried by at most `maxAccounts` accounts, and (birth date, city). Training and the blocking-recall
 * measure use them, so that they see the pairs real-time matching compares.
 */
export function blockingKeys(account: BlockingAccount, degree: (hash: string) => number, maxAccounts: number): string[] {
  const keys = account.identifiers.filter((i) => degree(i.hash) <= maxAccounts).map((i) => `id:${i.hash}`);
  if (account.birthDate && account.city) keys.push(`bc:${account.birthDate}|${account.city}`);
  return keys;
}
