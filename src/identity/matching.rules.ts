import { MatchRule, MatchingConfig } from './identity.config';
import { jaroWinkler } from './jaro.winkler';

/** What matching decides for a pair of accounts (and ingest, for an account). */
export enum MatchDecision {
  LINK = 'LINK',
  REVIEW = 'REVIEW',
  NO_MATCH = 'NO_MATCH',
}

/** What one account tells about a person, for comparison with another account. */
export interface MatchProfile {
  displayName: string | null;
  birthDate: string | null;
  city: string | null;
}

/** An identifier two accounts share: its kind and how many accounts in the whole graph carry it. */
export interface SharedIdentifier {
  kind: string;
  accounts: number;
}

export interface RuleHit {
  rule: MatchRule;
  weight: number;
  detail: string;
}

export interface MatchScore {
  decision: MatchDecision;
  score: number;
  hits: RuleHit[];
}

const STRONG: MatchRule[] = ['ID_DOCUMENT', 'PAYMENT_ID', 'PHONE', 'EMAIL'];

function nameKey(name: string): string[] {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Jaro-Winkler similarity of two display names after folding case, width and punctuation, taking the better of
 * the names as written and with their words sorted, so "Li  Wei", "li wei" and "Wei Li" all compare as equal.
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameKey(a);
  const tb = nameKey(b);
  if (!ta.length || !tb.length) return 0;
  const joined = jaroWinkler(ta.join(''), tb.join(''));
  const sorted = jaroWinkler([...ta].sort().join(''), [...tb].sort().join(''));
  return Math.max(joined, sorted);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Scores how likely two accounts are one person. Each rule that fires contributes its weight as independent
 * evidence (score = 1 - Π(1 - w)). DEVICE_ID is weak: families share tablets, so a device alone never links.
 * An identifier carried by more than identifierMaxAccounts accounts is reported but counts for nothing.
 */
export function scoreMatch(a: MatchProfile, b: MatchProfile, shared: SharedIdentifier[], config: MatchingConfig): MatchScore {
  const hits: RuleHit[] = [];
  const seenKinds = new Set<string>();
  for (const identifier of [...shared].sort((x, y) => x.accounts - y.accounts)) {
    const rule = identifier.kind as MatchRule;
    if (seenKinds.has(rule) || !(rule in config.weights)) continue;
    seenKinds.add(rule);
    if (identifier.accounts > config.identifierMaxAccounts) {
      hits.push({ rule, weight: 0, detail: `same ${rule} on both accounts, but it is shared by more than ${config.identifierMaxAccounts} accounts: not counted` });
    } else if (rule === 'DEVICE_ID') {
      hits.push({ rule, weight: config.weights.DEVICE_ID, detail: 'same DEVICE_ID on both accounts (weak: never links on its own)' });
    } else {
      hits.push({ rule, weight: config.weights[rule], detail: `same ${rule} on both accounts` });
    }
  }
  if (a.displayName && b.displayName) {
    const similarity = nameSimilarity(a.displayName, b.displayName);
    if (similarity >= config.nameSimilarityMin) {
      const scale = config.nameSimilarityMin >= 1 ? 1 : (similarity - config.nameSimilarityMin) / (1 - config.nameSimilarityMin);
      const weight = round(config.weights.NAME * Math.max(scale, 0.2));
      hits.push({ rule: 'NAME', weight, detail: `display names ${Math.round(similarity * 100)}% similar` });
    }
  }
  const contradicted = Boolean(a.birthDate && b.birthDate && a.birthDate !== b.birthDate);
  if (a.birthDate && a.birthDate === b.birthDate) hits.push({ rule: 'BIRTH_DATE', weight: config.weights.BIRTH_DATE, detail: 'same birth date' });
  if (contradicted) hits.push({ rule: 'BIRTH_DATE', weight: 0, detail: 'different birth dates: contradicting evidence, so at most a review' });
  if (a.city && b.city && a.city.toLowerCase() === b.city.toLowerCase()) hits.push({ rule: 'CITY', weight: config.weights.CITY, detail: 'same city' });

  const score = round(1 - hits.reduce((rest, hit) => rest * (1 - hit.weight), 1));
  const decisive = hits.some((hit) => hit.weight > 0 && hit.rule !== 'DEVICE_ID');
  // Strangers sharing a shop's phone have their own birth dates: a contradiction turns a would-be link into a review.
  const decision =
    score >= config.linkThreshold && decisive && !contradicted
      ? MatchDecision.LINK
      : score >= config.reviewThreshold && decisive
        ? MatchDecision.REVIEW
        : MatchDecision.NO_MATCH;
  return { decision, score, hits };
}

/** True when a strong identifier decided the match, so the link is DETERMINISTIC rather than PROBABILISTIC. */
export function isDeterministic(hits: RuleHit[]): boolean {
  return hits.some((hit) => hit.weight > 0 && STRONG.includes(hit.rule));
}
