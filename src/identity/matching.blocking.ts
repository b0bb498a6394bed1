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
 * - DATE: the same birth date and first letter of the name (index account_birth_date, the letter filtered), for a
 *   moved city. Not the birth date alone: at a million accounts a date holds ~45 of them, and reading and comparing
 *   them all made the import 2.2x slower, and at 100,000 people F1 1.3 points lower, for 0.3 point more at 5,000
 *   (BENCHMARKS.md §1, §2b); a first letter mistyped with a moved city is left to the identifiers;
 * - INITIALS: the same name initials and a birth date one slip away in the same year (index account_initials_birth):
 *   the same month (a day mistyped), the same day (a month mistyped) or day and month swapped, with a moved city too.
 *   Not the whole birth year: at a million accounts the commonest initials share a birth year with over a thousand
 *   accounts, and reading them all for every subject made the block cost grow with the graph (BENCHMARKS §1); the
 *   slips it is there for stay in the ~43 dates it reads, each an index seek.
 * In the graph each block is cut to its best MATCH_MAX_CANDIDATES accounts by name evidence.
 */
export enum BlockKind {
  CITY = 'CITY',
  DATE = 'DATE',
  INITIALS = 'INITIALS',
}

/** A block and the keys it is found under: two profiles are in the same block when they share one of them. */
export interface Block {
  kind: BlockKind;
  keys: string[];
}

/**
 * The INITIALS block's keys: the initials with the birth year and month, with the year and day, and with the year and
 * the day and month unordered. Two dates share one exactly when the graph's INITIALS lookup of one reads the other
 * (match-candidates.cypher: the same month, the same day, or the day and month swapped).
 */
function initialsKeys(initials: string, birthDate: string): string[] {
  const [year, month, day] = birthDate.split('-');
  const swap = month < day ? `${month}${day}` : `${day}${month}`;
  return [`${initials}\u0000${year}-${month}`, `${initials}\u0000${year}\u0000d${day}`, `${initials}\u0000${year}\u0000s${swap}`];
}

const firstLetter = (displayName: string | null): string | null => {
  const first = Array.from((displayName ?? '').toLowerCase())[0];
  return first === undefined ? null : first;
};

export function profileBlocks(profile: { displayName: string | null; birthDate: string | null; city: string | null }): Block[] {
  const blocks: Block[] = [];
  const { birthDate, city } = profile;
  if (!birthDate) return blocks;
  if (city) blocks.push({ kind: BlockKind.CITY, keys: [`${birthDate}\u0000${city}`] });
  const letter = firstLetter(profile.displayName);
  if (letter) blocks.push({ kind: BlockKind.DATE, keys: [`${birthDate}\u0000${letter}`] });
  const initials = nameInitials(profile.displayName);
  if (initials) blocks.push({ kind: BlockKind.INITIALS, keys: initialsKeys(initials, birthDate) });
  return blocks;
}

/**
 * Keys training adds to the blocks when it learns m (matching.training.ts), as Splink estimates m under blocking rules
 * of its own: the name initials with the whole birth year, the INITIALS block as it was before it was narrowed to the
 * dates one slip away. Matching never reads them. The narrow block holds the same true pairs but few strangers, and
 * with so few strangers beside them EM took the true pairs that carry different phones for strangers (a different
 * phone weighed -4.8 bits instead of -1.9, recall at 5,000 people fell from 93.1 % to 90.4 %: BENCHMARKS.md §1).
 */
export function trainingOnlyKeys(profile: { displayName: string | null; birthDate: string | null }): string[] {
  const initials = nameInitials(profile.displayName);
  return initials && profile.birthDate ? [`INITIALS_YEAR:${initials}\u0000${profile.birthDate.slice(0, 4)}`] : [];
}

/**
 * The blocking keys of an account, as the planners look candidates up: every identifier (and derived key) carried by
 * at most `maxAccounts` accounts, and its probabilistic blocks. Training and the blocking-recall measure use them, so
 * that they see the pairs real-time matching compares.
 */
export function blockingKeys(account: BlockingAccount, degree: (hash: string) => number, maxAccounts: number): string[] {
  const keys = account.identifiers.filter((i) => degree(i.hash) <= maxAccounts).map((i) => `id:${i.hash}`);
  for (const block of profileBlocks(account)) for (const key of block.keys) keys.push(`${block.kind}:${key}`);
  return keys;
}
