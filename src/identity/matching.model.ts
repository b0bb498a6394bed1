/** The comparisons matching makes; each has a weight from 0 to 1 in MATCH_WEIGHTS, the starting model. */
export const MATCH_RULES = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL', 'DEVICE_ID', 'NAME', 'BIRTH_DATE', 'CITY'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

/**
 * The Fellegi–Sunter model matching scores with: for each comparison (a MatchRule) and each of its levels, m (how
 * often two accounts of one person compare at that level) and u (how often two accounts of different people do).
 * A level adds log2(m/u) bits, its match weight, to the prior's; the sum is the pair's match weight W and
 * P(same person) = 1 / (1 + 2^-W). MISSING (either side lacks the field, or an identifier is over-shared) adds 0.
 */
export const LEVELS = ['EXACT', 'CLOSE', 'SIMILAR', 'PARTIAL', 'DIFFERENT', 'MISSING'] as const;
export type Level = (typeof LEVELS)[number];

/** The levels each comparison can take, most similar first (MISSING is always possible and weighs 0). */
export const COMPARISON_LEVELS: Record<MatchRule, Level[]> = {
  ID_DOCUMENT: ['EXACT', 'CLOSE', 'DIFFERENT'],
  PAYMENT_ID: ['EXACT', 'DIFFERENT'],
  PHONE: ['EXACT', 'CLOSE', 'DIFFERENT'],
  EMAIL: ['EXACT', 'CLOSE', 'DIFFERENT'],
  DEVICE_ID: ['EXACT', 'DIFFERENT'],
  NAME: ['EXACT', 'CLOSE', 'SIMILAR', 'PARTIAL', 'DIFFERENT'],
  BIRTH_DATE: ['EXACT', 'CLOSE', 'DIFFERENT'],
  CITY: ['EXACT', 'DIFFERENT'],
};

export type LevelProbabilities = Partial<Record<Level, number>>;

export interface MatchModel {
  /** When EM last trained it; null for the starting model built from MATCH_WEIGHTS. */
  trainedAt: string | null;
  /** Prior match weight: log2 of the odds that two accounts compared are one person before any evidence. */
  priorWeight: number;
  m: Record<MatchRule, LevelProbabilities>;
  u: Record<MatchRule, LevelProbabilities>;
  /**
   * u of the comparisons in HOUSEHOLD_RULES (the city and the name) among strangers who share a DEVICE_ID, used instead of `u` when
   * a pair shares one. Strangers who share a device are not random people: they are a household, who live in one
   * city, so agreeing on the city says next to nothing more once the device is shared. With `u` from random pairs the
   * household counted twice (device and city, as if independent), and device + city alone linked family members.
   * Absent (older models, the starting model): `u` is used.
   */
  uSharedDevice?: Partial<Record<MatchRule, LevelProbabilities>>;
  /**
   * Term frequencies: the share of accounts carrying a name (nameKey) or city (cityKey), for the values common enough
   * to be listed. A value not listed has `rareShare`. Agreeing on a value adds log2(u[EXACT] / share) bits, within
   * ±TF_LIMIT: "Wang Wei" in Beijing is worth less than a rare name.
   */
  names: Record<string, number>;
  cities: Record<string, number>;
  rareShare: number;
  /** Pairs the training saw (candidate pairs for m, random pairs for u); 0 for the starting model. */
  trainingPairs: { candidates: number; random: number; accounts: number };
}

export const TF_LIMIT = 6;

const log2 = (x: number): number => Math.log(x) / Math.LN2;

/** The probability that a pair of match weight `weight` is one person. */
export const probability = (weight: number): number => 1 / (1 + Math.pow(2, -weight));

/** The match weight at which a pair's probability is `p` (MATCH_LINK_THRESHOLD and MATCH_REVIEW_THRESHOLD are probabilities). */
export const weightAt = (p: number): number => (p >= 1 ? Infinity : p <= 0 ? -Infinity : log2(p / (1 - p)));

/**
 * The comparisons weighed against strangers sharing a device when a pair shares one (MatchModel.uSharedDevice): the
 * city, which a household shares by definition, and the name: family members share a surname and often a given
 * name's sound ("Wang Wei" and "Wang Wen" compare CLOSE), so a name close but not equal says little more once the
 * device is shared. Since m of the identifiers is learnt from the profile blocks, a different phone weighs less
 * (−1.9 bits rather than −4.6), and device + close name + different phone linked siblings (64 wrong pairs at 5,000
 * noisy people, in memory); with the name weighed as a household's, 6 (BENCHMARKS.md §2b). Birth dates keep u from
 * random pairs: weighing them as a household's removed those 6 too but cost 0.24 points of recall.
 */
export const HOUSEHOLD_RULES: MatchRule[] = ['CITY', 'NAME'];

/**
 * log2(m/u) of one level; MISSING, and a level the model has no estimate for, weigh 0. With `sharedDevice`, u is the
 * one among strangers sharing a device when the model has it.
 */
export function levelWeight(model: MatchModel, rule: MatchRule, level: Level, sharedDevice = false): number {
  if (level === 'MISSING') return 0;
  const m = model.m[rule][level];
  const u = (sharedDevice ? model.uSharedDevice?.[rule] : undefined)?.[level] ?? model.u[rule][level];
  return m && u ? log2(m / u) : 0;
}

/**
 * A stored model as this version scores with: one trained before names a typo apart (CLOSE) were told from names only
 * similar (SIMILAR) had one CLOSE level for both, so SIMILAR gets its estimates until the model is trained again.
 */
export function upgradeModel(model: MatchModel): MatchModel {
  if (model.m.NAME.SIMILAR !== undefined) return model;
  const similar = (levels: LevelProbabilities | undefined) => (levels?.CLOSE === undefined ? levels : { ...levels, SIMILAR: levels.CLOSE });
  return {
    ...model,
    m: { ...model.m, NAME: similar(model.m.NAME)! },
    u: { ...model.u, NAME: similar(model.u.NAME)! },
    uSharedDevice: model.uSharedDevice && { ...model.uSharedDevice, NAME: similar(model.uSharedDevice.NAME) },
  };
}

/**
 * The starting model, from the noisy-OR weights matching used before (MATCH_WEIGHTS): the score 1 - Π(1 - w) of
 * independent hits is, in bits, Σ log2(1 / (1 - w)), so agreeing on a rule adds log2(1 / (1 - w)) bits and a lone
 * strong identifier keeps its old score (PHONE 0.95 gives P = 0.95). A different birth date counts against, as the
 * old contradiction rule did, and so do a different name (−4.2 bits) and a different phone, ID number, payment id or
 * mail (−2.3, −4.3, −1.7, −1.3 bits); a different device or city counts for nothing until EM learns it
 * (npm run match:train).
 */
export function startingModel(weights: Record<MatchRule, number>): MatchModel {
  const m = {} as Record<MatchRule, LevelProbabilities>;
  const u = {} as Record<MatchRule, LevelProbabilities>;
  for (const rule of MATCH_RULES) {
    const w = Math.min(weights[rule], 0.999);
    const exactM = Math.max(w, 0.01);
    m[rule] = { EXACT: exactM, DIFFERENT: 0.5 };
    u[rule] = { EXACT: exactM * (1 - w), DIFFERENT: 0.5 };
  }
  // One wrong digit or a swapped day and month: half the bits of agreeing (the geometric mean of m/u and 1).
  for (const rule of ['ID_DOCUMENT', 'PHONE', 'EMAIL', 'NAME', 'BIRTH_DATE'] as const) {
    m[rule].CLOSE = m[rule].EXACT!;
    u[rule].CLOSE = Math.sqrt(m[rule].EXACT! * u[rule].EXACT!);
  }
  m.NAME.SIMILAR = m.NAME.CLOSE!;
  u.NAME.SIMILAR = u.NAME.CLOSE!;
  m.NAME.PARTIAL = 0.5;
  u.NAME.PARTIAL = 0.5;
  m.BIRTH_DATE.DIFFERENT = 0.1;
  u.BIRTH_DATE.DIFFERENT = 0.9;
  // Names that share nothing (not a typo, not similar, no word in common) count against, as trained models learn
  // (−4 to −6 bits): in a dense block of numbers a mistyped phone is often a stranger's own, and a shared phone with
  // another name was then enough to link two people (issue 32). A shared phone and a different name: no match.
  m.NAME.DIFFERENT = 0.05;
  u.NAME.DIFFERENT = 0.95;
  // Both accounts carry the kind and share nothing of it (not even a typo away): a person's accounts mostly carry the
  // same phone and ID number, strangers almost never. Trained models learn −2 to −5 bits; the starting model takes
  // the share of a person's pairs that differ (people with a second SIM, a second mail, a second payment app) as m.
  // Profiles alone (a name, a birth date, a city) then do not reach review against a different phone (issue 32).
  for (const [rule, share] of [['PHONE', 0.2], ['ID_DOCUMENT', 0.05], ['PAYMENT_ID', 0.3], ['EMAIL', 0.4]] as const) {
    m[rule].DIFFERENT = share;
    u[rule].DIFFERENT = 0.99;
  }
  return { trainedAt: null, priorWeight: 0, m, u, names: {}, cities: {}, rareShare: 0, trainingPairs: { candidates: 0, random: 0, accounts: 0 } };
}
