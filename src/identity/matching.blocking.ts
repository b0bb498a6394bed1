/** What blocking reads of an account. */
export interface BlockingAccount {
  displayName: string | null;
  birthDate: string | null;
  city: string | null;
  identifiers: { hash: string; kind: string }[];
}

/**
 * The first character of each word of a name, lower-cased and sorted ("Wang Wei" and "wei wang": "ww"), so that a
 * swapped order, a typo past the first letter or a changed given name keeps it. Stored on accounts
 * (`nameInitials`, with the birth date in the account_initials_birth index); migration 075 computes the same with
 * Cypher's toLower and split on spaces for accounts written before it.
 */
export function nameInitials(displayName: string | null): string | null {
  const words = (displayName ?? '').toLowerCase().split(' ').filter((w) => w !== '');
  if (!words.length) return null;
  return words.map((w) => Array.from(w)[0]).sort().join('');
}

/**
 * The probabilistic blocks an account is looked up in besides its identifiers, each an index-backed equality
 * (match-candidates.cypher, ingest-account.cypher and batch-candidates.cypher read them; batch.matching.ts keeps
 * them for a batch's own accounts):
 * - CITY: the same birth date and city (index account_birth_city);
 * - DATE: the same birth date (index account_birth_date), for a moved city, a first letter mistyped ("Niu Xuan" for
 *   "Liu Xuan"), a nickname, and an account that carries a birth date but no name, whose member's other accounts
 *   carry the name (matching compares a candidate with what its whole member carries: withMemberProfile);
 * - INITIALS: the same name initials and birth year (index account_initials_birth), for a day and month swapped or
 *   mistyped, with a moved city too.
 * In the graph each block is cut to its best MATCH_MAX_CANDIDATES accounts by name evidence.
 */
export enum BlockKind {
  CITY = 'CITY',
  DATE = 'DATE',
  INITIALS = 'INITIALS',
}

export interface Block {
  kind: BlockKind;
  key: string;
}

export function profileBlocks(profile: { displayName: string | null; birthDate: string | null; city: string | null }): Block[] {
  const blocks: Block[] = [];
  const { birthDate, city } = profile;
  if (!birthDate) return blocks;
  if (city) blocks.push({ kind: BlockKind.CITY, key: `${birthDate}\u0000${city}` });
  blocks.push({ kind: BlockKind.DATE, key: birthDate });
  const initials = nameInitials(profile.displayName);
  if (initials) blocks.push({ kind: BlockKind.INITIALS, key: `${initials}\u0000${birthDate.slice(0, 4)}` });
  return blocks;
}

/**
 * The blocking keys of an account, as the planners look candidates up: every identifier (and derived key) carried by
 * at most `maxAccounts` accounts, and its probabilistic blocks. Training and the blocking-recall measure use them, so
 * that they see the pairs real-time matching compares.
 */
export function blockingKeys(account: BlockingAccount, degree: (hash: string) => number, maxAccounts: number): string[] {
  const keys = account.identifiers.filter((i) => degree(i.hash) <= maxAccounts).map((i) => `id:${i.hash}`);
  for (const block of profileBlocks(account)) keys.push(`${block.kind}:${block.key}`);
  return keys;
}
