import { MatchScore } from './matching.rules';
import { waterfall } from './explain.service';
import { LinkEvidence } from './link.type';

/** What matching decided a link on, as stored on the link (BELONGS_TO.evidence, JSON text). */
interface StoredEvidence {
  accountId: string;
  score: number;
  matchWeight: number;
  priorWeight: number;
  hits: MatchScore['hits'];
}

/**
 * The evidence of an automatic link, kept when the link is made: the account it was decided against (the best-scoring
 * account of the member it joined) and that comparison, so that "why linked" shows what linked, not a new score.
 */
export function linkEvidence(accountId: string, score: MatchScore): string {
  const stored: StoredEvidence = { accountId, score: score.score, matchWeight: score.matchWeight, priorWeight: score.priorWeight, hits: score.hits };
  return JSON.stringify(stored);
}

export function readLinkEvidence(text: string | null | undefined): LinkEvidence | null {
  if (!text) return null;
  const stored = JSON.parse(text) as StoredEvidence;
  return { ...stored, waterfall: waterfall({ ...stored, decision: 'LINK' as MatchScore['decision'] }) };
}
