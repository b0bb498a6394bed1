import { MatchingConfig } from '../identity/identity.config';
import { birthDateLevel, cityLevel, nameLevel } from '../identity/matching.levels';
import { Level } from '../identity/matching.model';
import { TrainingAccount } from '../identity/matching.training';
import { UnionFind } from '../identity/union.find';
import { GeneratedAccount } from './people.generate';

/**
 * What a careful human would link two accounts on, with every field in front of them (no blocking, no model):
 * - IDENTIFIER: a strong identifier (ID number, payment id, phone, email) the same or one typo apart, not over-shared
 *   (carried by at most IDENTIFIER_MAX_ACCOUNTS accounts, nor one typo away from one that is);
 * - NAME_BIRTH: the name the same or one typo apart, and the birth date the same or one typo / day-month swap apart;
 * - DEVICE_PROFILE: the same device, and the same or a close name or the same birth date (a device alone is a
 *   household's).
 * What is left out: a close name and a city (the city of millions), a nickname ("Xiao Wei") without a birth date, a
 * device alone. `memberLevel` also joins two groups of a person's accounts when what they carry *together* passes
 * NAME_BIRTH (one account of a group brings the name, another the birth date), as a matcher that compares an account
 * with every account of a member would see it.
 */
export type Evidence = 'IDENTIFIER' | 'NAME_BIRTH' | 'DEVICE_PROFILE';

const STRONG = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL'];
const agrees = (level: Level): boolean => level === 'EXACT' || level === 'CLOSE' || level === 'SIMILAR';

export function pairEvidence(a: TrainingAccount, b: TrainingAccount, degree: Map<string, number>, config: MatchingConfig): Evidence | null {
  const mine = new Map(a.identifiers.map((i) => [i.hash, i.kind]));
  const shared = b.identifiers.filter((i) => mine.has(i.hash));
  const overShared = (kind: string) => shared.some((s) => s.kind === `${kind}~` && (degree.get(s.hash) ?? 0) > config.identifierMaxAccounts);
  if (shared.some((s) => STRONG.includes(s.kind.replace('~', '')) && (degree.get(s.hash) ?? 0) <= config.identifierMaxAccounts && !overShared(s.kind.replace('~', '')))) return 'IDENTIFIER';
  const name = nameLevel(a.displayName, b.displayName, config.nameSimilarityMin).level;
  const birth = birthDateLevel(a.birthDate, b.birthDate);
  if (agrees(name) && agrees(birth)) return 'NAME_BIRTH';
  if (shared.some((s) => s.kind === 'DEVICE_ID') && (agrees(name) || birth === 'EXACT')) return 'DEVICE_PROFILE';
  return null;
}

export interface Ceiling {
  /** Share of true pairs joined (transitively, within each person) by pairwise evidence. */
  pairwise: number;
  /** The same, with groups joined on what they carry together. */
  memberLevel: number;
  /** True pairs joined by each kind of evidence first (pairwise), for the report. */
  byEvidence: Record<Evidence, number>;
}

const pairsOf = (n: number): number => (n * (n - 1)) / 2;

/** The recall a matcher could reach on this data if it found every pair a careful human would link (and nothing wrong). */
export function evidenceCeiling(generated: GeneratedAccount[], accounts: TrainingAccount[], degree: Map<string, number>, config: MatchingConfig): Ceiling {
  const byPerson = new Map<string, number[]>();
  generated.forEach((a, i) => byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), i]));
  let truePairs = 0;
  let pairwise = 0;
  let memberLevel = 0;
  const byEvidence: Record<Evidence, number> = { IDENTIFIER: 0, NAME_BIRTH: 0, DEVICE_PROFILE: 0 };
  for (const list of byPerson.values()) {
    truePairs += pairsOf(list.length);
    const uf = new UnionFind();
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const evidence = pairEvidence(accounts[list[x]], accounts[list[y]], degree, config);
        if (evidence) {
          byEvidence[evidence]++;
          uf.union(String(list[x]), String(list[y]));
        }
      }
    }
    const joined = (): number => {
      const sizes = new Map<string, number>();
      for (const i of list) sizes.set(uf.find(String(i)), (sizes.get(uf.find(String(i))) ?? 0) + 1);
      return [...sizes.values()].reduce((sum, n) => sum + pairsOf(n), 0);
    };
    pairwise += joined();
    // Groups compared on what they carry together: any name of one with any birth date of the other, and so on.
    for (let changed = true; changed; ) {
      changed = false;
      const groups = new Map<string, number[]>();
      for (const i of list) groups.set(uf.find(String(i)), [...(groups.get(uf.find(String(i))) ?? []), i]);
      const parts = [...groups.values()];
      outer: for (let x = 0; x < parts.length; x++) {
        for (let y = x + 1; y < parts.length; y++) {
          if (groupsAgree(parts[x], parts[y], accounts, config)) {
            uf.union(String(parts[x][0]), String(parts[y][0]));
            changed = true;
            break outer;
          }
        }
      }
    }
    memberLevel += joined();
  }
  return { pairwise: pairwise / truePairs, memberLevel: memberLevel / truePairs, byEvidence };
}

/** Whether two groups of accounts pass NAME_BIRTH on what they carry together. */
export function groupsAgree(x: number[], y: number[], accounts: TrainingAccount[], config: MatchingConfig): boolean {
  const name = x.some((i) => y.some((j) => agrees(nameLevel(accounts[i].displayName, accounts[j].displayName, config.nameSimilarityMin).level)));
  const birth = x.some((i) => y.some((j) => agrees(birthDateLevel(accounts[i].birthDate, accounts[j].birthDate))));
  return name && birth;
}

/** What the two accounts of a pair share, in words: "name CLOSE, birth date MISSING, city EXACT, identifiers none". */
export function sharedSummary(a: TrainingAccount, b: TrainingAccount, config: MatchingConfig): string {
  const mine = new Set(a.identifiers.map((i) => i.hash));
  const kinds = [...new Set(b.identifiers.filter((i) => mine.has(i.hash)).map((i) => i.kind))].sort();
  return `name ${nameLevel(a.displayName, b.displayName, config.nameSimilarityMin).level}, birth ${birthDateLevel(a.birthDate, b.birthDate)}, city ${cityLevel(a.city, b.city)}, shared ${kinds.join('+') || 'none'}`;
}
