import { MatchingConfig } from '../identity/identity.config';
import { SharedIdentifier } from '../identity/matching.levels';
import { MatchDecision, scoreMatch, withMemberProfile } from '../identity/matching.rules';
import { derivedKeys, derivedKind } from '../identity/identifier.derive';
import { normalizeIdentifier } from '../identity/identifier.normalize';
import { IdentifierKind } from '../identity/identifier.kind';
import { accountBirthDate } from '../identity/account.validate';
import { TrainingAccount } from '../identity/matching.training';
import { UnionFind } from '../identity/union.find';
import { GeneratedAccount } from './people.generate';

/**
 * The generated accounts as matching reads them (derived keys, and the birth date a resident ID carries when none is
 * given), with the normalized value standing in for the keyed hash. `idBirthDates: false` keeps the birth dates as
 * given, as matching read them before it read resident IDs.
 */
export function inMemoryAccounts(accounts: GeneratedAccount[], options: { idBirthDates: boolean } = { idBirthDates: true }): TrainingAccount[] {
  return accounts.map((a, index) => {
    const normalized = a.input.identifiers.map(({ kind, value, verified }) => ({ kind: kind as IdentifierKind, normalized: normalizeIdentifier(kind as IdentifierKind, value), verified: verified === true }));
    const given = a.input.birthDate ?? null;
    return {
      id: String(index),
      displayName: a.input.displayName ?? null,
      birthDate: options.idBirthDates ? accountBirthDate(given, normalized) : given,
      city: a.input.city ?? null,
      identifiers: normalized.flatMap(({ kind, normalized: value, verified }) => {
        const derived = derivedKeys(kind, value).map((key) => ({ kind: derivedKind(kind), hash: `${derivedKind(kind)}:${key}`, verified }));
        return [{ kind, hash: `${kind}:${value}`, verified }, ...derived];
      }),
    };
  });
}

/** Identifier degrees (accounts per hash) of a set of accounts. */
export function degrees(accounts: TrainingAccount[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of accounts) for (const i of new Set(a.identifiers.map((x) => x.hash))) out.set(i, (out.get(i) ?? 0) + 1);
  return out;
}

/** Accounts sharing a key, key by key, each block cut to its first `cap` accounts. */
export function blocksOf(accounts: TrainingAccount[], keysOf: (a: TrainingAccount) => string[]): Map<string, number[]> {
  const blocks = new Map<string, number[]>();
  accounts.forEach((a, index) => {
    for (const key of keysOf(a)) {
      const block = blocks.get(key);
      if (block) block.push(index);
      else blocks.set(key, [index]);
    }
  });
  return blocks;
}

/**
 * Recall of blocking alone: the share of pairs of accounts of one person that share at least one blocking key
 * (within the first `cap` accounts of its block), so that matching ever compares them.
 */
export function blockingRecall(generated: GeneratedAccount[], accounts: TrainingAccount[], keysOf: (a: TrainingAccount) => string[], cap: number): number {
  const blocks = blocksOf(accounts, keysOf);
  const seen = new Set<string>();
  for (const block of blocks.values()) {
    const members = block.slice(0, cap);
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const [i, j] = [members[x], members[y]];
        if (generated[i].personId === generated[j].personId) seen.add(i < j ? `${i}|${j}` : `${j}|${i}`);
      }
    }
  }
  const sizes = new Map<string, number>();
  for (const a of generated) sizes.set(a.personId, (sizes.get(a.personId) ?? 0) + 1);
  let truePairs = 0;
  for (const n of sizes.values()) truePairs += (n * (n - 1)) / 2;
  return truePairs ? seen.size / truePairs : 1;
}

/** The grouping of accounts that a list of linked pairs gives, transitively. */
export function groupsOfLinks(count: number, links: [number, number][]): (index: number) => string {
  const uf = new UnionFind();
  for (let i = 0; i < count; i++) uf.find(String(i));
  for (const [a, b] of links) uf.union(String(a), String(b));
  return (index) => uf.find(String(index));
}

/**
 * Fellegi–Sunter replayed in memory: every pair blocking proposes (each block cut to its first `cap` accounts) is
 * scored with `config`'s model and the pairs it would LINK are returned, to be joined transitively. No member logic
 * (per-app limit, merges in arrival order) and no re-examination: a proxy of the import for sizes a benchmark
 * database cannot take in the time (it gave the import's precision and recall to a tenth of a point at 5,000 people).
 */
export function fellegiSunterLinks(accounts: TrainingAccount[], keysOf: (a: TrainingAccount) => string[], degree: Map<string, number>, config: MatchingConfig, memberLevel = true): [number, number][] {
  const n = accounts.length;
  const seen = new Set<number>();
  const hashes = accounts.map((a) => new Map(a.identifiers.map((i) => [i.hash, i.kind])));
  const verified = accounts.map((a) => new Set(a.identifiers.filter((i) => i.verified).map((i) => i.hash)));
  const profiles = accounts.map((a) => ({ displayName: a.displayName, birthDate: a.birthDate, city: a.city, kinds: [...new Set(a.identifiers.map((i) => i.kind))] }));
  const links: [number, number][] = [];
  let pending: [number, number, SharedIdentifier[]][] = [];
  for (const block of blocksOf(accounts, keysOf).values()) {
    const members = block.slice(0, config.maxCandidates);
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const [i, j] = members[x] < members[y] ? [members[x], members[y]] : [members[y], members[x]];
        if (seen.has(i * n + j)) continue;
        seen.add(i * n + j);
        const shared: SharedIdentifier[] = [];
        for (const [hash, kind] of hashes[i]) if (hashes[j].has(hash)) shared.push({ kind, accounts: degree.get(hash) ?? 0, verified: verified[i].has(hash), theirs: verified[j].has(hash) });
        if (scoreMatch(profiles[i], profiles[j], shared, config).decision === MatchDecision.LINK) links.push([i, j]);
        else if (memberLevel) pending.push([i, j, shared]);
      }
    }
  }
  if (!memberLevel) return links;
  // Member-level evidence, as matching compares an account with its candidate's member: the pairs left are scored
  // again with each side completed from the other accounts of its group, until nothing more links.
  for (let round = 0; round < 4; round++) {
    const uf = new UnionFind();
    for (const [a, b] of links) uf.union(String(a), String(b));
    const groups = new Map<string, number[]>();
    for (let i = 0; i < n; i++) groups.set(uf.find(String(i)), [...(groups.get(uf.find(String(i))) ?? []), i]);
    const others = (i: number) => groups.get(uf.find(String(i)))!.filter((k) => k !== i).map((k) => profiles[k]);
    const before = links.length;
    const left: typeof pending = [];
    for (const [i, j, shared] of pending) {
      if (uf.find(String(i)) === uf.find(String(j))) continue;
      const linked =
        scoreMatch(profiles[i], withMemberProfile(profiles[i], profiles[j], others(j), config), shared, config).decision === MatchDecision.LINK ||
        scoreMatch(profiles[j], withMemberProfile(profiles[j], profiles[i], others(i), config), shared, config).decision === MatchDecision.LINK;
      if (linked) links.push([i, j]);
      else left.push([i, j, shared]);
    }
    pending = left;
    if (links.length === before) break;
  }
  return links;
}

/**
 * How many other accounts blocking puts before each account: the distinct accounts sharing one of its keys, the
 * identifiers' whole, the profile blocks' first `cap` (as the graph cuts them). The mean, the 95th percentile and the
 * largest; what matching reads and scores for each account grows with it.
 */
export function candidatesPerAccount(accounts: TrainingAccount[], keysOf: (a: TrainingAccount) => string[], cap: number): { mean: number; p95: number; max: number } {
  const blocks = blocksOf(accounts, keysOf);
  const counts = accounts.map((a, index) => {
    const seen = new Set<number>();
    for (const key of keysOf(a)) {
      const block = blocks.get(key)!;
      for (const other of key.startsWith('id:') ? block : block.slice(0, cap)) if (other !== index) seen.add(other);
    }
    return seen.size;
  });
  const sorted = [...counts].sort((x, y) => x - y);
  return { mean: counts.reduce((s, c) => s + c, 0) / Math.max(1, counts.length), p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}
