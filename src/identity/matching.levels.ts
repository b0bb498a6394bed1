import { MatchRule } from './identity.config';
import { jaroWinkler } from './jaro.winkler';
import { Level } from './matching.model';

/** What one account tells about a person, for comparison with another account. */
export interface MatchProfile {
  displayName: string | null;
  birthDate: string | null;
  city: string | null;
  /** The identifier kinds the account carries (any count, sorted or not): sharing none of a kind both carry is DIFFERENT. */
  kinds?: string[];
}

/** An identifier two accounts share: its kind and how many accounts in the whole graph carry it. */
export interface SharedIdentifier {
  kind: string;
  accounts: number;
  /**
   * Whether the subject account verified it (for a derived key: an identifier it derives from); only a verified
   * identifier (never a derived key) bridges members.
   */
  verified?: boolean;
  /** Whether the candidate account verified it (as `verified`). */
  theirs?: boolean;
}

/** The name as words folded for case, width and punctuation. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The key names are counted under for term frequencies: the words sorted, so "Wei Li" and "li wei" are one name. */
export const nameKey = (name: string | null): string => (name ? nameWords(name).sort().join(' ') : '');

export const cityKey = (city: string | null): string => (city ? city.normalize('NFKC').toLowerCase().trim() : '');

/**
 * Jaro-Winkler similarity of two display names after folding case, width and punctuation, taking the better of
 * the names as written and with their words sorted, so "Li  Wei", "li wei" and "Wei Li" all compare as equal.
 */
export function nameSimilarity(a: string, b: string): number {
  return wordsSimilarity(nameWords(a), nameWords(b));
}

function wordsSimilarity(ta: string[], tb: string[]): number {
  if (!ta.length || !tb.length) return 0;
  const joined = jaroWinkler(ta.join(''), tb.join(''));
  const sorted = jaroWinkler([...ta].sort().join(''), [...tb].sort().join(''));
  return Math.max(joined, sorted);
}

/** A word of one name (two letters or more) that begins a word of the other: "Weiming" and "Wang Weiming", "Xiao Wei" and "Wang Weiming". */
function sharesWordStart(a: string[], b: string[]): boolean {
  return a.some((x) => x.length >= 2 && b.some((y) => y.length >= 2 && (y.startsWith(x) || x.startsWith(y))));
}

export const NAME_CLOSE = 0.9;

/**
 * Whether two strings are at most one edit apart (Damerau-Levenshtein ≤ 1): one letter wrong, missing or added, or two
 * neighbours swapped.
 */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const differ: number[] = [];
    for (let i = 0; i < a.length && differ.length <= 2; i++) if (a[i] !== b[i]) differ.push(i);
    return differ.length === 1 || (differ.length === 2 && differ[1] === differ[0] + 1 && a[differ[0]] === b[differ[1]] && a[differ[1]] === b[differ[0]]);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/**
 * EXACT (same words), CLOSE (a typo: one edit apart, the words as written or sorted), SIMILAR (Jaro-Winkler ≥ 0.9
 * otherwise: often another person's name, "Wang Weiming" and "Wang Weilin"), PARTIAL (≥ nameSimilarityMin, or a
 * nickname's word), DIFFERENT, MISSING. On generated people strangers are 13 times less often a typo apart than
 * similar, so a typo weighs 3.6 bits more than one level for both gave it (BENCHMARKS.md §2b).
 */
export function nameLevel(a: string | null, b: string | null, similarityMin: number): { level: Level; similarity: number } {
  const [wa, wb] = [a ? nameWords(a) : [], b ? nameWords(b) : []];
  if (!wa.length || !wb.length) return { level: 'MISSING', similarity: 0 };
  const [ka, kb] = [[...wa].sort().join(' '), [...wb].sort().join(' ')];
  if (ka === kb) return { level: 'EXACT', similarity: 1 };
  const similarity = wordsSimilarity(wa, wb);
  if (oneEditApart(wa.join(' '), wb.join(' ')) || oneEditApart(ka, kb)) return { level: 'CLOSE', similarity };
  if (similarity >= Math.max(NAME_CLOSE, similarityMin)) return { level: 'SIMILAR', similarity };
  if (similarity >= similarityMin || sharesWordStart(wa, wb)) return { level: 'PARTIAL', similarity };
  return { level: 'DIFFERENT', similarity };
}

/** EXACT, CLOSE (same year, and day and month swapped or one digit of them wrong), DIFFERENT, MISSING. Dates are YYYY-MM-DD. */
export function birthDateLevel(a: string | null, b: string | null): Level {
  if (!a || !b) return 'MISSING';
  if (a === b) return 'EXACT';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya !== yb) return 'DIFFERENT';
  if (ma === db && da === mb) return 'CLOSE';
  const x = ma + da;
  const y = mb + db;
  let differing = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differing++;
  const transposed = differing === 2 && [...x].sort().join('') === [...y].sort().join('') && [...Array(x.length - 1).keys()].some((i) => x[i] === y[i + 1] && x[i + 1] === y[i]);
  return differing === 1 || transposed ? 'CLOSE' : 'DIFFERENT';
}

export function cityLevel(a: string | null, b: string | null): Level {
  if (!a || !b) return 'MISSING';
  return cityKey(a) === cityKey(b) ? 'EXACT' : 'DIFFERENT';
}

/** The kind a derived key (identifier.derive.ts) stands for: sharing one is a CLOSE identifier. */
export const DERIVED_SUFFIX = '~';

/**
 * How many of a pair's shared derived keys must be crowded (carried by more than twice the accounts of the identifier
 * they share, and two more) for an over-shared derived key to be read as a dense block rather than as one mistyped
 * over-shared identifier. A phone one typo from a shop phone shares one crowded key with it; a phone in a block of
 * consecutive numbers that is mostly in use shares one crowded key per distinct digit the block varies in (up to four
 * in a block of 10,000 numbers, each carried by ~50 accounts at 80 % density: a deletion key stands for every number
 * one digit inserted into it). A shop phone mistyped by swapping two digits shares two and counts as a dense block.
 */
export const DENSE_BLOCK_KEYS = 2;

/**
 * The level of one identifier kind: EXACT when the accounts share one carried by at most `maxAccounts` accounts,
 * CLOSE when they share only a derived key of it (a typo away), DIFFERENT when both carry the kind but share
 * nothing, MISSING otherwise (an over-shared identifier, or one a typo away from an over-shared one, is no evidence
 * either way). `accounts`: for EXACT the shared identifier's carriers, for CLOSE the derived key's (the fewest when
 * several): how crowded the neighbourhood is (closeCrowd).
 *
 * An over-shared derived key discounts an exact identifier only when it looks like one over-shared identifier a typo
 * away (a shop phone mistyped the same way on strangers' accounts): in a dense block of numbers every phone's
 * derived keys are shared by its neighbours' accounts, and the phone itself is no less one person's for that
 * (DENSE_BLOCK_KEYS). A CLOSE level's weight falls with the crowd on its key (closeCrowd); a pair that shares only a
 * derived key over the limit is MISSING, `nearOverShared` (a typo away, in a crowd too large to weigh).
 */
export function identifierLevel(
  kind: MatchRule,
  a: MatchProfile,
  b: MatchProfile,
  shared: SharedIdentifier[],
  maxAccounts: number,
): { level: Level; overShared: boolean; accounts: number; nearOverShared?: boolean; unproven?: boolean; twoNumbers?: boolean } {
  const exact = shared.filter((s) => s.kind === kind);
  const allDerived = shared.filter((s) => s.kind === kind + DERIVED_SUFFIX);
  // A derived key both accounts hold from identifiers each verified: two numbers that each reached their holder, so
  // neither is the other mistyped; what remains is a typo away only through an unverified one.
  const derived = allDerived.filter((s) => !(s.verified && s.theirs));
  const usable = exact.filter((s) => s.accounts <= maxAccounts).sort((x, y) => x.accounts - y.accounts);
  // A derived key over the limit that no over-shared identifier of the pair explains, and no dense block either:
  // what they share is one typo away from an over-shared identifier, and counts no more than it does.
  const nearOverShared = derived.find((s) => s.accounts > maxAccounts);
  if (nearOverShared && !exact.some((s) => s.accounts > maxAccounts)) {
    const crowded = usable.length ? derived.filter((s) => s.accounts >= 2 * usable[0].accounts + 2).length : 0;
    if (crowded < DENSE_BLOCK_KEYS) return { level: 'MISSING', overShared: true, accounts: nearOverShared.accounts, nearOverShared: true };
  }
  if (usable.length) {
    // Where the identifier's neighbours are in use by strangers (a dense block of numbers), an unverified copy of it
    // is as likely a neighbour's number mistyped onto this one as the holder's own: unproven (needs corroboration).
    const proven = usable.some((s) => s.verified && s.theirs);
    const crowded = allDerived.some((s) => s.accounts - usable[0].accounts > CLOSE_KEY_ACCOUNTS);
    return { level: 'EXACT', overShared: false, accounts: usable[0].accounts, ...(!proven && crowded ? { unproven: true } : {}) };
  }
  const close = derived.filter((s) => s.accounts <= maxAccounts).sort((x, y) => x.accounts - y.accounts);
  if (close.length) return { level: 'CLOSE', overShared: false, accounts: close[0].accounts };
  if (exact.length) return { level: 'MISSING', overShared: true, accounts: exact[0].accounts };
  if (allDerived.length) return { level: 'DIFFERENT', overShared: false, accounts: 0, twoNumbers: true };
  if (a.kinds?.includes(kind) && b.kinds?.includes(kind)) return { level: 'DIFFERENT', overShared: false, accounts: 0 };
  return { level: 'MISSING', overShared: false, accounts: 0 };
}

/**
 * Accounts a lone phone's derived key holds without strangers: a typo pair's key carries the subject and the accounts
 * of the phone a typo away, a person's few accounts. More than this on the key are strangers one typo away.
 */
export const CLOSE_KEY_ACCOUNTS = 3;

/**
 * The bits a CLOSE identifier loses for the crowd on the derived key the pair shares: u of the level for this pair
 * is the share of accounts one typo from the subject, which grows with the key's carriers (k), so the weight falls by
 * log2((k - 1) / CLOSE_KEY_ACCOUNTS) once k - 1 passes CLOSE_KEY_ACCOUNTS. In sparse numbers a key holds one person's
 * accounts and nothing is lost; in a block of consecutive numbers filled to 80 % a key holds ~15 accounts of ~8 phones,
 * and a phone one digit away is worth ~2.2 bits less; a key over-shared by a shop phone's carriers, nothing at all.
 */
export function closeCrowd(accounts: number): number {
  return Math.max(0, Math.log2(Math.max(1, (accounts - 1) / CLOSE_KEY_ACCOUNTS)));
}
