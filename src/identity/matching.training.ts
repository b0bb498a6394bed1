import { MatchingConfig } from './identity.config';
import { cityKey, MatchProfile, nameKey, SharedIdentifier } from './matching.levels';
import { COMPARISON_LEVELS, HOUSEHOLD_RULES, Level, LevelProbabilities, MatchModel, MatchRule } from './matching.model';
import { compareProfiles } from './matching.rules';
import { trainingOnlyKeys } from './matching.blocking';

/** An account as training reads it: its profile and every identifier (and derived key) it carries. */
export interface TrainingAccount extends MatchProfile {
  id: string;
  /** verified: the app verified it (a derived key: an identifier it derives from); the benchmarks' pairwise scoring reads it. */
  identifiers: { hash: string; kind: string; verified?: boolean }[];
}

export interface TrainingOptions {
  /** Random pairs u is estimated from. */
  randomPairs: number;
  iterations: number;
  /** Decides the random pairs; the same seed and accounts give the same model. */
  seed: number;
  /** Names and cities listed with their frequency at most. */
  maxTermFrequencies: number;
  now?: Date;
}

export const DEFAULT_TRAINING: TrainingOptions = { randomPairs: 300_000, iterations: 25, seed: 1, maxTermFrequencies: 20_000 };

/** A small deterministic PRNG (mulberry32) so that training is repeatable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The comparison vector of a pair as one string key: one level index per rule. */
type Pattern = string;

class PairComparer {
  private readonly degree = new Map<string, number>();
  private readonly kindOf = new Map<string, string>();
  private readonly hashes: Set<string>[];
  private readonly profiles: MatchProfile[];

  constructor(private readonly accounts: TrainingAccount[], private readonly config: MatchingConfig) {
    for (const account of accounts) {
      for (const { hash, kind } of account.identifiers) {
        this.degree.set(hash, (this.degree.get(hash) ?? 0) + 1);
        this.kindOf.set(hash, kind);
      }
    }
    this.hashes = accounts.map((a) => new Set(a.identifiers.map((i) => i.hash)));
    this.profiles = accounts.map((a) => ({ displayName: a.displayName, birthDate: a.birthDate, city: a.city, kinds: [...new Set(a.identifiers.map((i) => i.kind))] }));
  }

  degreeOf(hash: string): number {
    return this.degree.get(hash) ?? 0;
  }

  pattern(i: number, j: number): Pattern {
    const shared: SharedIdentifier[] = [];
    for (const hash of this.hashes[i]) if (this.hashes[j].has(hash)) shared.push({ kind: this.kindOf.get(hash)!, accounts: this.degree.get(hash)! });
    return compareProfiles(this.profiles[i], this.profiles[j], shared, this.config)
      .map((c) => String(LEVEL_INDEX[c.level]))
      .join('');
  }
}

const LEVEL_NAMES: Level[] = ['EXACT', 'CLOSE', 'SIMILAR', 'PARTIAL', 'DIFFERENT', 'MISSING'];
const LEVEL_INDEX = Object.fromEntries(LEVEL_NAMES.map((l, i) => [l, i])) as Record<Level, number>;
const RULE_ORDER: MatchRule[] = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL', 'DEVICE_ID', 'NAME', 'BIRTH_DATE', 'CITY'];

/** Candidate pairs' comparison patterns with their counts: all of them, and those found by each kind of blocking key. */
interface CandidatePatterns {
  all: Map<Pattern, number>;
  /** Pairs sharing an identifier or a derived key. */
  byIdentifier: Map<Pattern, number>;
  /** Pairs in one of the probabilistic blocks (CITY, DATE, INITIALS). */
  byProfile: Map<Pattern, number>;
}

const IDENTIFIER_KEY = 'id:';

/**
 * The pairs matching would compare: accounts sharing a blocking key (blockingKeys), each key's block cut to its first
 * `maxCandidates` accounts by id as real-time blocking cuts it, so that m is learnt on the pairs it will score.
 */
function candidatePairs(accounts: TrainingAccount[], keysOf: (a: TrainingAccount, degree: (hash: string) => number) => string[], comparer: PairComparer, cap: number): CandidatePatterns {
  const blocks = new Map<string, number[]>();
  accounts.forEach((account, index) => {
    for (const key of keysOf(account, (h) => comparer.degreeOf(h))) {
      const block = blocks.get(key);
      if (block) block.push(index);
      else blocks.set(key, [index]);
    }
  });
  const n = accounts.length;
  const patternOf = new Map<number, Pattern>();
  const out: CandidatePatterns = { all: new Map(), byIdentifier: new Map(), byProfile: new Map() };
  const add = (map: Map<Pattern, number>, pattern: Pattern) => map.set(pattern, (map.get(pattern) ?? 0) + 1);
  for (const byIdentifier of [true, false]) {
    const seen = new Set<number>();
    for (const [key, block] of blocks) {
      if (key.startsWith(IDENTIFIER_KEY) !== byIdentifier) continue;
      const members = block.length > cap ? block.slice(0, cap) : block;
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const [i, j] = members[x] < members[y] ? [members[x], members[y]] : [members[y], members[x]];
          const pair = i * n + j;
          if (seen.has(pair)) continue;
          seen.add(pair);
          let pattern = patternOf.get(pair);
          if (pattern === undefined) {
            pattern = comparer.pattern(i, j);
            patternOf.set(pair, pattern);
            add(out.all, pattern);
          }
          add(byIdentifier ? out.byIdentifier : out.byProfile, pattern);
        }
      }
    }
  }
  return out;
}

/** Level probabilities per rule from weighted pattern counts; MISSING says nothing about m or u and is left out. */
function levelCounts(patterns: Map<Pattern, number>, weightOf: (pattern: Pattern, count: number) => number): LevelProbabilities[] {
  const sums = RULE_ORDER.map(() => new Array<number>(LEVEL_NAMES.length).fill(0));
  for (const [pattern, count] of patterns) {
    const w = weightOf(pattern, count);
    for (let r = 0; r < RULE_ORDER.length; r++) sums[r][Number(pattern[r])] += w;
  }
  return sums.map((levels, r) => {
    const allowed = COMPARISON_LEVELS[RULE_ORDER[r]];
    // Half a pair per level keeps a level no pair showed from weighing infinitely.
    const total = allowed.reduce((s, l) => s + levels[LEVEL_INDEX[l]] + 0.5, 0);
    return Object.fromEntries(allowed.map((l) => [l, (levels[LEVEL_INDEX[l]] + 0.5) / total])) as LevelProbabilities;
  });
}

const toRecord = (list: LevelProbabilities[]): Record<MatchRule, LevelProbabilities> =>
  Object.fromEntries(RULE_ORDER.map((rule, r) => [rule, list[r]])) as Record<MatchRule, LevelProbabilities>;

/** Shares of the values held by at least two accounts, most common first, at most `max` of them. */
function termFrequencies(values: string[], max: number): { shares: Record<string, number>; total: number } {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const listed = [...counts.entries()].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max);
  return { shares: Object.fromEntries(listed.map(([v, c]) => [v, c / Math.max(total, 1)])), total };
}

/**
 * Trains the Fellegi–Sunter model without labels, as Splink does: u from random pairs of accounts (nearly all of
 * them different people), m by expectation–maximisation over the candidate pairs blocking yields, starting from
 * `start` (today's weights). EM also estimates λ, the share of candidate pairs that are one person, and u within
 * blocks; only m and λ are kept: the prior is λ × candidate pairs ÷ all pairs, the odds of one person for two
 * accounts taken at random, because scoring multiplies it by u over all pairs: sampled from random pairs for names,
 * birth dates and cities, counted exactly from the candidate pairs for identifiers (identifierU).
 */
export function trainModel(
  accounts: TrainingAccount[],
  config: MatchingConfig,
  start: MatchModel,
  keysOf: (a: TrainingAccount, degree: (hash: string) => number) => string[],
  options: TrainingOptions = DEFAULT_TRAINING,
): MatchModel {
  const n = accounts.length;
  if (n < 2) throw new Error('training needs at least two accounts');
  const comparer = new PairComparer(accounts, config);

  const rand = random(options.seed);
  const randomPatterns = new Map<Pattern, number>();
  for (let k = 0; k < options.randomPairs; k++) {
    const i = Math.floor(rand() * n);
    let j = Math.floor(rand() * (n - 1));
    if (j >= i) j++;
    const pattern = comparer.pattern(i, j);
    randomPatterns.set(pattern, (randomPatterns.get(pattern) ?? 0) + 1);
  }
  const u = toRecord(levelCounts(randomPatterns, (_, count) => count));

  const found = candidatePairs(accounts, keysOf, comparer, Math.max(config.maxCandidates, 2));
  const candidates = found.all;
  const candidateCount = [...candidates.values()].reduce((a, b) => a + b, 0);
  const start0 = { m: toRecord(RULE_ORDER.map((rule) => normalized(start.m[rule], rule))), uBlock: toRecord(RULE_ORDER.map((rule) => normalized(u[rule], rule))), lambda: 0.3 };
  const fit = expectationMaximisation(candidates, start0, options.iterations);
  const { lambda, uBlock } = fit;
  // Blocking selects the pairs EM learns from on what they share, which biases m of the fields it selects on: pairs
  // found through an identifier nearly always agree on it, whatever the truth of all matches. As Splink does with
  // several blocking rules, m of each field is taken from the pairs found by blocks that do not select on it: the
  // identifiers' from the CITY, DATE and INITIALS blocks, the name's, birth date's and city's from the identifiers.
  // The identifiers' m is learnt over the profile blocks widened by trainingOnlyKeys (their strangers let EM tell the
  // two classes apart); λ, the prior and the identifiers' u stay those of the pairs matching compares.
  // (Profile keys only: the identifier pairs are found's already.)
  const profileKeys = (a: TrainingAccount, degree: (hash: string) => number) => [...keysOf(a, degree).filter((k) => !k.startsWith(IDENTIFIER_KEY)), ...trainingOnlyKeys(a)];
  const forM = candidatePairs(accounts, profileKeys, comparer, Math.max(config.maxCandidates, 2));
  const profileFit = expectationMaximisation(forM.byProfile, fit, options.iterations);
  const identifierFit = expectationMaximisation(found.byIdentifier, fit, options.iterations);
  const m = toRecord(RULE_ORDER.map((rule) => (IDENTIFIER_RULES.includes(rule) ? profileFit : identifierFit).m[rule]));

  // Random pairs include a few of one person, which in a small graph is enough to make a shared phone look common
  // among strangers: u is estimated again with each random pair counted as much as the model thinks it is strangers.
  // The identifiers' u is counted over all pairs (identifierU), starting from EM's in-block posterior and then, like
  // the random pairs, with the model's own.
  const allPairs = (n * (n - 1)) / 2;
  const prior = Math.min(0.5, (lambda * candidateCount) / allPairs);
  const inBlock = (pattern: Pattern) => posteriorOf(pattern, lambda, m, uBlock);
  const sameDate = candidatePairs(accounts, sameDateKeys, comparer, Math.max(config.maxCandidates, 2)).byProfile;
  const counted = (sampled: Record<MatchRule, LevelProbabilities>, posterior: (pattern: Pattern) => number): Record<MatchRule, LevelProbabilities> => {
    const birth = birthDateU(accounts, sameDate, posterior, sampled.BIRTH_DATE);
    return { ...sampled, ...identifierU(accounts, candidates, posterior), ...(birth ? { BIRTH_DATE: birth } : {}) };
  };
  let uRefined = counted(u, inBlock);
  for (let round = 0; round < 3; round++) {
    const current = uRefined;
    const match = (pattern: Pattern): number => posteriorOf(pattern, prior, m, current);
    uRefined = counted(toRecord(levelCounts(randomPatterns, (pattern, count) => (1 - match(pattern)) * count)), match);
  }
  const uSharedDevice = householdU(candidates, inBlock);
  const names = termFrequencies(accounts.map((a) => nameKey(a.displayName)), options.maxTermFrequencies);
  const cities = termFrequencies(accounts.map((a) => cityKey(a.city)), options.maxTermFrequencies);
  return {
    trainedAt: (options.now ?? new Date()).toISOString(),
    priorWeight: Math.log2(prior / (1 - prior)),
    m,
    u: uRefined,
    ...(uSharedDevice ? { uSharedDevice } : {}),
    names: names.shares,
    cities: cities.shares,
    rareShare: 1 / Math.max(names.total, 1),
    trainingPairs: { candidates: candidateCount, random: options.randomPairs, accounts: n },
  };
}

const IDENTIFIER_RULES: MatchRule[] = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL', 'DEVICE_ID'];

/**
 * u of the identifiers counted over all pairs of accounts rather than sampled. Two strangers sharing an identifier
 * (or a derived key of it) are so rare that random pairs almost never show one: the sampled u of EXACT and CLOSE was
 * its half-pair floor, about 1 / (random pairs whose accounts both carry the kind), a floor that does not fall as the
 * population grows while the prior (matches over all pairs) does, so a lone shared phone weighed less and less against
 * the prior as the graph grew (BENCHMARKS.md §2b, 20,000 people). Blocking, though, proposes every pair that shares an
 * identifier or a derived key carried by at most IDENTIFIER_MAX_ACCOUNTS accounts: the candidate pairs at these
 * levels are all such pairs of the population. So u = (candidate pairs at the level that are strangers, by EM's
 * posterior, plus half a pair) ÷ (pairs of accounts that both carry the kind), exact at any population size.
 */
function identifierU(accounts: TrainingAccount[], candidates: Map<Pattern, number>, posterior: (pattern: Pattern) => number): Partial<Record<MatchRule, LevelProbabilities>> {
  const out: Partial<Record<MatchRule, LevelProbabilities>> = {};
  for (const rule of IDENTIFIER_RULES) {
    const carriers = accounts.filter((a) => a.identifiers.some((i) => i.kind === rule)).length;
    const pairs = (carriers * (carriers - 1)) / 2;
    if (pairs < 1) continue;
    const r = RULE_ORDER.indexOf(rule);
    const strangers = (level: Level): number => {
      let sum = 0.5;
      for (const [pattern, count] of candidates) if (pattern[r] === String(LEVEL_INDEX[level])) sum += (1 - posterior(pattern)) * count;
      return Math.min(sum / pairs, 0.5);
    };
    const levels = COMPARISON_LEVELS[rule].filter((l) => l !== 'DIFFERENT');
    const u = Object.fromEntries(levels.map((l) => [l, strangers(l)])) as LevelProbabilities;
    u.DIFFERENT = 1 - levels.reduce((s, l) => s + u[l]!, 0);
    out[rule] = u;
  }
  return out;
}

/**
 * The training-only key under which birthDateU finds the pairs sharing a birth date: the birth date alone. Matching's
 * DATE block also asks for the first letter of the name, so its pairs are mostly one person, and the share of
 * strangers among them would make a shared birth date look rarer among strangers than it is (precision at 5,000
 * people fell from 99.9 % to 99.7 % when it was used).
 */
const sameDateKeys = (a: TrainingAccount): string[] => (a.birthDate ? [`BIRTH_DATE:${a.birthDate}`] : []);

/**
 * u of BIRTH_DATE EXACT counted over all pairs rather than sampled, for the same reason as identifierU: two strangers
 * born on one day are a few pairs in 300,000 random ones, so the sampled weight of a shared birth date swung by half a
 * bit from one training to the next (BENCHMARKS.md §2b, "Blocking on the birth date alone"). The pairs sharing a
 * birth date are counted exactly (Σ over dates of C(accounts, 2), whatever a block's cap), and the share of strangers
 * among them is that of `sameDate`, the pairs found under sameDateKeys (each date's first accounts up to the cap), by
 * `posterior`. CLOSE keeps its sampled u; DIFFERENT is the rest.
 */
function birthDateU(accounts: TrainingAccount[], sameDate: Map<Pattern, number>, posterior: (pattern: Pattern) => number, sampled: LevelProbabilities): LevelProbabilities | null {
  const perDate = new Map<string, number>();
  let carriers = 0;
  for (const a of accounts) {
    if (!a.birthDate) continue;
    carriers++;
    perDate.set(a.birthDate, (perDate.get(a.birthDate) ?? 0) + 1);
  }
  const pairs = (carriers * (carriers - 1)) / 2;
  let sameDatePairs = 0;
  for (const k of perDate.values()) sameDatePairs += (k * (k - 1)) / 2;
  const r = RULE_ORDER.indexOf('BIRTH_DATE');
  let seen = 0;
  let strangers = 0;
  for (const [pattern, count] of sameDate) {
    if (pattern[r] !== String(LEVEL_INDEX.EXACT)) continue;
    seen += count;
    strangers += (1 - posterior(pattern)) * count;
  }
  if (pairs < 1 || seen === 0) return null;
  const exact = Math.min(0.5, (sameDatePairs * (strangers / seen) + 0.5) / pairs);
  const close = sampled.CLOSE ?? 0;
  return { EXACT: exact, CLOSE: close, DIFFERENT: Math.max(1e-9, 1 - exact - close) };
}

interface Fit {
  m: Record<MatchRule, LevelProbabilities>;
  uBlock: Record<MatchRule, LevelProbabilities>;
  lambda: number;
}

/** EM over candidate pairs: λ (their share of matches), m and u among them, from `start`. */
function expectationMaximisation(candidates: Map<Pattern, number>, start: Fit, iterations: number): Fit {
  const candidateCount = [...candidates.values()].reduce((a, b) => a + b, 0);
  let { m, uBlock, lambda } = start;
  if (!candidateCount) return start;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const posterior = new Map<Pattern, number>();
    for (const pattern of candidates.keys()) posterior.set(pattern, posteriorOf(pattern, lambda, m, uBlock));
    let matches = 0;
    for (const [pattern, count] of candidates) matches += posterior.get(pattern)! * count;
    lambda = Math.min(0.999, Math.max(1e-6, matches / candidateCount));
    m = toRecord(levelCounts(candidates, (pattern, count) => posterior.get(pattern)! * count));
    uBlock = toRecord(levelCounts(candidates, (pattern, count) => (1 - posterior.get(pattern)!) * count));
  }
  return { m, uBlock, lambda };
}

/** Fewer strangers sharing a device than this (posterior-weighted) and u among them is not estimated. */
const MIN_HOUSEHOLD_PAIRS = 20;

/**
 * u of HOUSEHOLD_RULES (the city and the name) among strangers who share a device (MatchModel.uSharedDevice): from the
 * candidate pairs that share one, each counted as much as EM thinks it is two people. Random pairs cannot give it:
 * strangers sharing a device are almost never random pairs, they are the households blocking brings together.
 */
function householdU(candidates: Map<Pattern, number>, posterior: (pattern: Pattern) => number): Partial<Record<MatchRule, LevelProbabilities>> | null {
  const device = RULE_ORDER.indexOf('DEVICE_ID');
  const sharing = new Map([...candidates].filter(([pattern]) => pattern[device] === String(LEVEL_INDEX.EXACT)));
  const strangers = (pattern: Pattern, count: number) => (1 - posterior(pattern)) * count;
  const total = [...sharing].reduce((sum, [pattern, count]) => sum + strangers(pattern, count), 0);
  if (total < MIN_HOUSEHOLD_PAIRS) return null;
  const levels = levelCounts(sharing, strangers);
  return Object.fromEntries(HOUSEHOLD_RULES.map((rule) => [rule, levels[RULE_ORDER.indexOf(rule)]]));
}

function posteriorOf(pattern: Pattern, prior: number, m: Record<MatchRule, LevelProbabilities>, u: Record<MatchRule, LevelProbabilities>): number {
  let logOdds = Math.log(prior / (1 - prior));
  for (let r = 0; r < RULE_ORDER.length; r++) {
    const level = LEVEL_NAMES[Number(pattern[r])];
    if (level === 'MISSING') continue;
    const rule = RULE_ORDER[r];
    logOdds += Math.log((m[rule][level] ?? 1e-9) / (u[rule][level] ?? 1e-9));
  }
  return 1 / (1 + Math.exp(-Math.max(-700, Math.min(700, logOdds))));
}

function normalized(levels: LevelProbabilities, rule: MatchRule): LevelProbabilities {
  const allowed = COMPARISON_LEVELS[rule];
  const total = allowed.reduce((s, l) => s + (levels[l] ?? 0.01), 0);
  return Object.fromEntries(allowed.map((l) => [l, (levels[l] ?? 0.01) / total])) as LevelProbabilities;
}
