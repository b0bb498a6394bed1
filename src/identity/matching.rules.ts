import { MatchingConfig, MatchRule } from './identity.config';
import { birthDateLevel, cityKey, cityLevel, closeCrowd, identifierLevel, MatchProfile, nameKey, nameLevel, SharedIdentifier } from './matching.levels';
import { HOUSEHOLD_RULES, Level, levelWeight, MatchModel, probability, TF_LIMIT, weightAt } from './matching.model';

export type { MatchProfile, SharedIdentifier } from './matching.levels';
export { nameSimilarity } from './matching.levels';

/** What matching decides for a pair of accounts (and ingest, for an account). */
export enum MatchDecision {
  LINK = 'LINK',
  REVIEW = 'REVIEW',
  NO_MATCH = 'NO_MATCH',
}

/** One comparison of a pair: its level and the bits it adds (weight: log2(m/u); tfAdjustment: for the value's frequency). */
export interface RuleHit {
  rule: MatchRule;
  level: Level;
  /** Match weight in bits, term-frequency adjustment included: > 0 for, < 0 against, 0 no evidence. */
  weight: number;
  /** The part of `weight` due to how common the agreed value is (names and cities); 0 otherwise. */
  tfAdjustment: number;
  detail: string;
  /** Set on an identifier one typo away (CLOSE, or a shared derived key too crowded to weigh): settleNeighbours reads it. */
  typoAway?: boolean;
}

export interface MatchScore {
  decision: MatchDecision;
  /** P(same person) = 1 / (1 + 2^-matchWeight), rounded to 3 decimals. */
  score: number;
  /** priorWeight plus every hit's weight. */
  matchWeight: number;
  priorWeight: number;
  hits: RuleHit[];
}

/** The comparisons of a profile rather than of an identifier: audit events' evidenceKinds leave them out. */
export const PROFILE_RULES: string[] = ['NAME', 'BIRTH_DATE', 'CITY'];

const STRONG: MatchRule[] = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL'];
const IDENTIFIER_RULES: MatchRule[] = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL', 'DEVICE_ID'];

/** A fuzzy identifier match said as what it is (the derived key that found it is matching's internal). */
const CLOSE_DETAIL: Partial<Record<MatchRule, string>> = {
  PHONE: 'a phone one digit apart (one digit wrong, missing, extra or swapped)',
  ID_DOCUMENT: 'an ID document number one character apart',
  EMAIL: 'the same mailbox written differently (dots or a +tag in the local part)',
};

const round = (x: number, places = 3): number => Math.round(x * 10 ** places) / 10 ** places;
const log2 = (x: number): number => Math.log(x) / Math.LN2;

/** Bits for agreeing on a value of this frequency rather than on a typical one, within ±TF_LIMIT; 0 without frequencies. */
function tfAdjustment(model: MatchModel, rule: 'NAME' | 'CITY', key: string): number {
  if (!model.rareShare || !key) return 0;
  const share = (rule === 'NAME' ? model.names : model.cities)[key] ?? model.rareShare;
  const u = model.u[rule].EXACT;
  return u ? Math.max(-TF_LIMIT, Math.min(TF_LIMIT, log2(u / share))) : 0;
}

/** One comparison of a pair; `crowd`: the bits a CLOSE identifier loses for the strangers on its derived key (closeCrowd). */
interface Comparison {
  rule: MatchRule;
  level: Level;
  detail: string;
  crowd?: number;
  /** An identifier one typo away: CLOSE, or a shared derived key over the limit. */
  typoAway?: boolean;
  /** EXACT, but not verified by both holders where strangers crowd its neighbours (identifierLevel). */
  unproven?: boolean;
}

/** The level of every comparison of a pair, with what explains it; shared by scoring and training. */
export function compareProfiles(a: MatchProfile, b: MatchProfile, shared: SharedIdentifier[], config: MatchingConfig): Comparison[] {
  const out: Comparison[] = [];
  for (const rule of IDENTIFIER_RULES) {
    const { level, overShared, accounts, nearOverShared, unproven, twoNumbers } = identifierLevel(rule, a, b, shared, config.identifierMaxAccounts);
    const detail = nearOverShared
      ? `${rule}s one typo away from a ${rule} shared by ${accounts} accounts (more than ${config.identifierMaxAccounts}): not counted`
      : overShared
      ? `same ${rule} on both accounts, but it is shared by ${accounts} accounts (more than ${config.identifierMaxAccounts}): not counted`
      : level === 'EXACT'
        ? `same ${rule} on both accounts${unproven ? ', not verified by both, among numbers strangers use a typo away: counts only with more agreeing' : ''}`
        : level === 'CLOSE'
          ? `${CLOSE_DETAIL[rule] ?? `${rule}s one typo apart`}${closeCrowd(accounts) > 0 ? `, among ${accounts - 1} other accounts one typo away: the crowd weighs it down` : ''}`
          : level === 'DIFFERENT'
            ? twoNumbers
              ? `${rule}s a typo apart, each verified by its holder: two numbers, neither mistyped`
              : `both accounts have a ${rule}, none in common`
            : `no ${rule} on one of the accounts`;
    out.push({ rule, level, detail, crowd: level === 'CLOSE' ? closeCrowd(accounts) : 0, typoAway: level === 'CLOSE' || Boolean(nearOverShared), ...(unproven ? { unproven } : {}) });
  }
  const name = nameLevel(a.displayName, b.displayName, config.nameSimilarityMin);
  const similar = `display names ${Math.round(name.similarity * 100)}% similar`;
  const nameDetail = name.level === 'MISSING' ? 'no display name on one of the accounts' : name.level === 'CLOSE' ? `display names one typo apart (${similar})` : name.level === 'SIMILAR' ? `${similar}, more than one typo apart` : similar;
  out.push({ rule: 'NAME', level: name.level, detail: nameDetail });
  const birth = birthDateLevel(a.birthDate, b.birthDate);
  const birthDetail: Record<Level, string> = { EXACT: 'same birth date', CLOSE: 'birth dates one typo or a day/month swap apart', SIMILAR: '', PARTIAL: '', DIFFERENT: 'different birth dates', MISSING: 'no birth date on one of the accounts' };
  out.push({ rule: 'BIRTH_DATE', level: birth, detail: birthDetail[birth] });
  const city = cityLevel(a.city, b.city);
  out.push({ rule: 'CITY', level: city, detail: city === 'EXACT' ? 'same city' : city === 'DIFFERENT' ? 'different cities' : 'no city on one of the accounts' });
  return out;
}

/**
 * Scores how likely two accounts are one person by Fellegi–Sunter: each comparison's level adds its match weight
 * log2(m/u) (config.model) to the prior, agreeing on a name or city adds a term-frequency adjustment, and the total
 * W gives P = 1 / (1 + 2^-W), compared with MATCH_LINK_THRESHOLD and MATCH_REVIEW_THRESHOLD. When the accounts share a
 * DEVICE_ID, the city and name are weighed against strangers who share a device (a household: MatchModel.uSharedDevice) rather
 * than against random strangers. A pair needs evidence
 * for it other than a DEVICE_ID (families share tablets), and other than the city of a pair sharing one, to link or
 * be reviewed. An identifier carried by more than
 * identifierMaxAccounts accounts is reported but counts for nothing.
 */
export function scoreMatch(a: MatchProfile, b: MatchProfile, shared: SharedIdentifier[], config: MatchingConfig): MatchScore {
  const model = config.model;
  const comparisons = compareProfiles(a, b, shared, config);
  const household = Boolean(model.uSharedDevice) && comparisons.some((c) => c.rule === 'DEVICE_ID' && c.level === 'EXACT');
  const crowded = comparisons.some((c) => (c.crowd ?? 0) > 0);
  const hits: RuleHit[] = comparisons.map(({ rule, level, detail, crowd, typoAway }) => {
    const asHousehold = household && HOUSEHOLD_RULES.includes(rule) && level !== 'MISSING';
    // A household shares its city and surname whether they are common or rare: no term-frequency adjustment then.
    const tf = level !== 'EXACT' || asHousehold ? 0 : rule === 'NAME' ? tfAdjustment(model, 'NAME', nameKey(a.displayName)) : rule === 'CITY' ? tfAdjustment(model, 'CITY', cityKey(a.city)) : 0;
    const base = levelWeight(model, rule, level, asHousehold);
    // A typo away in a crowd: never below nothing, as a MISSING level.
    const weight = crowd ? Math.max(0, base - crowd) : base + tf;
    return { rule, level, weight: round(weight), tfAdjustment: round(tf), detail: asHousehold ? `${detail} (weighed as among strangers sharing a device: a household)` : detail, ...(typoAway ? { typoAway } : {}) };
  });
  const matchWeight = round(model.priorWeight + hits.reduce((sum, hit) => sum + hit.weight, 0));
  // The device, and the city of a pair sharing one, are what a family shares: neither decides on its own.
  const decisive = hits.some((hit) => hit.weight > 0 && hit.rule !== 'DEVICE_ID' && !(household && hit.rule === 'CITY'));
  // A lone identifier a typo away, among strangers a typo away too (closeCrowd > 0: a dense block of numbers), is a
  // neighbour's as often as one's own: it links only with something else agreeing. With the names disagreeing a lone
  // identifier a typo away is no match at all.
  const evidence = hits.filter((hit) => hit.weight > 0 && hit.rule !== 'DEVICE_ID' && hit.rule !== 'CITY');
  const fuzzyOnly = evidence.length === 1 && evidence[0].level === 'CLOSE' && IDENTIFIER_RULES.includes(evidence[0].rule);
  const contradicted = fuzzyOnly && hits.some((hit) => hit.rule === 'NAME' && hit.level === 'DIFFERENT');
  // Where the numbers are dense, identifier evidence is doubtful unless proven: one a typo away among strangers a
  // typo away too, or the same number not verified by both holders (a neighbour's number mistyped lands on it). Resting
  // on doubtful identifiers alone, a pair needs a name (the same or a typo apart), a birth date or another identifier
  // agreeing to link; without, it is reviewed only on an unproven same number with the names not disagreeing, and a
  // number a typo away in a crowd is no match (every number there has dozens of such neighbours).
  const isIdentifier = (hit: RuleHit): boolean => hit.weight > 0 && hit.rule !== 'DEVICE_ID' && IDENTIFIER_RULES.includes(hit.rule);
  const doubtful = comparisons.map((c) => Boolean(c.unproven) || (c.level === 'CLOSE' && (c.crowd ?? 0) > 0 && IDENTIFIER_RULES.includes(c.rule)));
  const onlyDoubtful = hits.some(isIdentifier) && hits.every((hit, i) => !isIdentifier(hit) || doubtful[i]);
  const corroborated = hits.some(
    (hit, i) => hit.weight > 0 && !doubtful[i] && hit.rule !== 'DEVICE_ID' && hit.rule !== 'CITY' && (hit.rule !== 'NAME' || hit.level === 'EXACT' || hit.level === 'CLOSE'),
  );
  const needsMore = onlyDoubtful && !corroborated;
  const unprovenSame = hits.some((hit, i) => isIdentifier(hit) && comparisons[i].unproven);
  const namesDisagree = hits.some((hit) => hit.rule === 'NAME' && hit.level === 'DIFFERENT');
  const noReview = contradicted || (needsMore && (namesDisagree || !unprovenSame));
  // Where the key holds no strangers (sparse numbers) a lone phone a typo away is the person's as before.
  const decision =
    decisive && !(fuzzyOnly && crowded) && !needsMore && matchWeight >= weightAt(config.linkThreshold)
      ? MatchDecision.LINK
      : decisive && !noReview && matchWeight >= weightAt(config.reviewThreshold)
        ? MatchDecision.REVIEW
        : MatchDecision.NO_MATCH;
  return { decision, score: round(probability(matchWeight)), matchWeight, priorWeight: round(model.priorWeight), hits };
}

const BORROWED_NAME: Level[] = ['EXACT', 'CLOSE', 'SIMILAR'];
const BORROWED_BIRTH: Level[] = ['EXACT', 'CLOSE'];

/**
 * The candidate's profile completed from the other accounts of its member: a name, birth date or city the candidate
 * lacks is taken from the member's account whose value agrees best with the subject's (the same or a typo apart; a
 * city the same), when one does. One person's accounts each carry part of the profile (one app asks for the birth date,
 * another shows the name), so a member is compared on what its accounts carry together; a field is only ever filled
 * where the candidate has none, and never with a value that disagrees, so completion adds no evidence against.
 */
export type ProfileFields = Pick<MatchProfile, 'displayName' | 'birthDate' | 'city'>;

export function withMemberProfile<T extends MatchProfile>(subject: MatchProfile, candidate: T, others: ProfileFields[], config: MatchingConfig): T {
  if (!others.length || (candidate.displayName && candidate.birthDate && candidate.city)) return candidate;
  const best = <V>(values: (V | null)[], level: (v: V) => Level, allowed: Level[]): V | null => {
    let out: V | null = null;
    let rank = allowed.length;
    for (const value of values) {
      if (value === null) continue;
      const r = allowed.indexOf(level(value));
      if (r >= 0 && r < rank) [out, rank] = [value, r];
    }
    return out;
  };
  const displayName = candidate.displayName || !subject.displayName ? candidate.displayName : best(others.map((o) => o.displayName), (v) => nameLevel(subject.displayName, v, config.nameSimilarityMin).level, BORROWED_NAME);
  const birthDate = candidate.birthDate || !subject.birthDate ? candidate.birthDate : best(others.map((o) => o.birthDate), (v) => birthDateLevel(subject.birthDate, v), BORROWED_BIRTH);
  const city = candidate.city || !subject.city ? candidate.city : best(others.map((o) => o.city), (v) => cityLevel(subject.city, v), ['EXACT']);
  return displayName === candidate.displayName && birthDate === candidate.birthDate && city === candidate.city ? candidate : { ...candidate, displayName, birthDate, city };
}

/**
 * Scores a pair as two members: the candidate completed from its member's other accounts, then the subject completed
 * from `subjectOthers` (the accounts of the members it has just joined) against that. With no `subjectOthers` it is
 * the first comparison matching makes; with them, the second, for the members the first did not link: the account
 * that brings a birth date to a member whose other accounts bring the name is then compared as that member.
 */
export function scoreMembers(subject: MatchProfile, candidate: MatchProfile, candidateOthers: ProfileFields[], subjectOthers: ProfileFields[], shared: SharedIdentifier[], config: MatchingConfig): MatchScore {
  const completed = withMemberProfile(subject, candidate, candidateOthers, config);
  return scoreMatch(withMemberProfile(completed, subject, subjectOthers, config), completed, shared, config);
}

/** True when a strong identifier agreed exactly, so the link is DETERMINISTIC rather than PROBABILISTIC. */
export function isDeterministic(hits: RuleHit[]): boolean {
  return hits.some((hit) => hit.weight > 0 && hit.level === 'EXACT' && STRONG.includes(hit.rule));
}

/** The rules that counted for a pair: the link's and audit events' `rules`. */
export const positiveRules = (hits: RuleHit[]): string[] => hits.filter((h) => h.weight > 0).map((h) => h.rule);

/**
 * Decides among an account's candidates (one per member, best first) what no pair decides alone: a candidate a typo
 * away on an identifier whose name agrees (the same or a typo apart), whose birth date does not disagree, and that
 * reaches review, links when no other candidate is comparably likely: none reaches review or link and none agrees on
 * the name (the same, a typo apart or similar). In a block of consecutive numbers a mistyped phone is one digit
 * from dozens of strangers' phones and from its owner's; the one of them with the person's name is the owner, unless
 * another has that name too, and then both stay in review. Both planners (matching.service.ts, batch.matching.ts)
 * apply it to the first comparison.
 */
export function settleNeighbours<T extends { score: MatchScore }>(scored: T[]): T[] {
  const [top, ...rest] = scored;
  if (!top || top.score.decision !== MatchDecision.REVIEW) return scored;
  const hits = top.score.hits;
  const close = hits.some((h) => h.typoAway);
  const named = hits.some((h) => h.rule === 'NAME' && (h.level === 'EXACT' || h.level === 'CLOSE'));
  const againstBirth = hits.some((h) => h.rule === 'BIRTH_DATE' && h.level === 'DIFFERENT');
  if (!close || !named || againstBirth) return scored;
  const rival = rest.some((s) => s.score.decision !== MatchDecision.NO_MATCH || s.score.hits.some((h) => h.rule === 'NAME' && (h.level === 'EXACT' || h.level === 'CLOSE' || h.level === 'SIMILAR')));
  if (rival) return scored;
  return [{ ...top, score: { ...top.score, decision: MatchDecision.LINK } }, ...rest];
}
