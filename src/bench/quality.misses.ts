import { MatchingConfig } from '../identity/identity.config';
import { SharedIdentifier } from '../identity/matching.levels';
import { MatchDecision, scoreMatch } from '../identity/matching.rules';
import { TrainingAccount } from '../identity/matching.training';
import { GeneratedAccount } from './people.generate';
import { blocksOf } from './quality.memory';

export interface MissCause {
  /** NOT_BLOCKED: no pair between the two parts shares a blocking key; else the best such pair's decision. */
  cause: 'NOT_BLOCKED' | MatchDecision;
  /** The comparison levels of the best pair between the two parts ("PHONE:DIFFERENT NAME:CLOSE …", MISSING left out). */
  levels: string;
  pairs: number;
}

const levelsOf = (hits: { rule: string; level: string }[]): string =>
  hits
    .filter((h) => h.level !== 'MISSING')
    .map((h) => `${h.rule}:${h.level}`)
    .join(' ') || '(nothing compared)';

/** Pairs of accounts some block proposes (each block cut to its first `cap`), as i * n + j with i < j. */
function proposedPairs(accounts: TrainingAccount[], keysOf: (a: TrainingAccount) => string[], cap: number): Set<number> {
  const n = accounts.length;
  const proposed = new Set<number>();
  for (const block of blocksOf(accounts, keysOf).values()) {
    const members = block.slice(0, cap);
    for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) proposed.add(Math.min(members[x], members[y]) * n + Math.max(members[x], members[y]));
  }
  return proposed;
}

/** For each person whose accounts ended in several groups, every two of those groups (as account indices). */
function splitParts(generated: GeneratedAccount[], groupOf: (index: number) => string): [number[], number[]][] {
  const byPerson = new Map<string, number[]>();
  generated.forEach((a, i) => byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), i]));
  const out: [number[], number[]][] = [];
  for (const list of byPerson.values()) {
    const parts = new Map<string, number[]>();
    for (const i of list) parts.set(groupOf(i), [...(parts.get(groupOf(i)) ?? []), i]);
    const groups = [...parts.values()];
    for (let x = 0; x < groups.length; x++) for (let y = x + 1; y < groups.length; y++) out.push([groups[x], groups[y]]);
  }
  return out;
}

/**
 * Why true pairs of accounts ended in different members: for each person split over several members, each pair of
 * its accounts in different members is put down to the best-scoring pair between the two members' accounts of that
 * person (by `config`'s model, in memory): NOT_BLOCKED when blocking proposes none of those pairs, else that pair's
 * decision (NO_MATCH, REVIEW, or LINK refused by the member logic), with its comparison levels. Largest causes first.
 */
export function missCauses(
  generated: GeneratedAccount[],
  accounts: TrainingAccount[],
  groupOf: (index: number) => string,
  keysOf: (a: TrainingAccount) => string[],
  degree: Map<string, number>,
  config: MatchingConfig,
): MissCause[] {
  const n = accounts.length;
  const candidate = proposedPairs(accounts, keysOf, config.maxCandidates);
  const hashes = accounts.map((a) => new Map(a.identifiers.map((i) => [i.hash, i.kind])));
  const verified = accounts.map((a) => new Set(a.identifiers.filter((i) => i.verified).map((i) => i.hash)));
  const profiles = accounts.map((a) => ({ displayName: a.displayName, birthDate: a.birthDate, city: a.city, kinds: [...new Set(a.identifiers.map((i) => i.kind))] }));
  const score = (i: number, j: number) => {
    const shared: SharedIdentifier[] = [];
    for (const [hash, kind] of hashes[i]) if (hashes[j].has(hash)) shared.push({ kind, accounts: degree.get(hash) ?? 0, verified: verified[i].has(hash), theirs: verified[j].has(hash) });
    return scoreMatch(profiles[i], profiles[j], shared, config);
  };
  const causes = new Map<string, MissCause>();
  for (const [partX, partY] of splitParts(generated, groupOf)) {
    let best: { blocked: boolean; weight: number; decision: MatchDecision; levels: string } | null = null;
    for (const i of partX) {
      for (const j of partY) {
        const blocked = candidate.has(Math.min(i, j) * n + Math.max(i, j));
        const s = score(i, j);
        const better = !best || (blocked && !best.blocked) || (blocked === best.blocked && s.matchWeight > best.weight);
        if (better) best = { blocked, weight: s.matchWeight, decision: s.decision, levels: levelsOf(s.hits) };
      }
    }
    const cause = best!.blocked ? best!.decision : 'NOT_BLOCKED';
    const key = `${cause} ${best!.levels}`;
    const entry = causes.get(key) ?? { cause, levels: best!.levels, pairs: 0 };
    entry.pairs += partX.length * partY.length;
    causes.set(key, entry);
  }
  return [...causes.values()].sort((a, b) => b.pairs - a.pairs);
}

/**
 * The parts of a person split over several groups that blocking never brings together: no pair of accounts between
 * the two parts shares a blocking key (each block cut to its first `cap`), as missCauses' NOT_BLOCKED.
 */
export function unblockedParts(generated: GeneratedAccount[], accounts: TrainingAccount[], groupOf: (index: number) => string, keysOf: (a: TrainingAccount) => string[], cap: number): [number[], number[]][] {
  const n = accounts.length;
  const candidate = proposedPairs(accounts, keysOf, cap);
  return splitParts(generated, groupOf).filter(([x, y]) => !x.some((i) => y.some((j) => candidate.has(Math.min(i, j) * n + Math.max(i, j)))));
}
