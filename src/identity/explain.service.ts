import { IdentityConfig } from './identity.config';
import { notFound } from '../platform/errors';
import { Database } from '../platform/neo4j/database';
import { AccountRef } from './account.input';
import { findAccountById } from './account.repository';
import { validateRef } from './account.validate';
import { findPairEvidence } from './matching.repository';
import { MatchExplanation, WaterfallStep } from './match.type';
import { probability } from './matching.model';
import { MatchScore, scoreMatch } from './matching.rules';

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The prior, then each comparison's weight added in turn, with the running total and the probability it gives. */
export function waterfall(score: MatchScore): WaterfallStep[] {
  let total = score.priorWeight;
  const steps: WaterfallStep[] = [{ rule: 'PRIOR', level: null, weight: score.priorWeight, tfAdjustment: 0, cumulativeWeight: round(total), probability: round(probability(total)) }];
  for (const hit of score.hits) {
    total += hit.weight;
    steps.push({ rule: hit.rule, level: hit.level, weight: hit.weight, tfAdjustment: hit.tfAdjustment, cumulativeWeight: round(total), probability: round(probability(total)) });
  }
  return steps;
}

/** Scores two accounts with the same model ingest uses, without writing anything. */
export async function explainMatch(db: Database, config: IdentityConfig, a: AccountRef, b: AccountRef): Promise<MatchExplanation> {
  const first = validateRef(a);
  const second = validateRef(b);
  const evidence = await findPairEvidence(db, first, second);
  if (!evidence) throw notFound(`Account ${first.app}:${first.externalId} or ${second.app}:${second.externalId}`);
  const score = scoreMatch(evidence.first, evidence.second, evidence.shared, config.matching);
  return { ...score, waterfall: waterfall(score), modelTrainedAt: config.matching.model.trainedAt };
}

/**
 * The same explanation for two accounts given by id: analysts read external ids masked, so the ids a member's
 * accounts list are all they can name the accounts of a cluster by.
 */
export async function explainMatchByIds(db: Database, config: IdentityConfig, a: string, b: string): Promise<MatchExplanation> {
  const [first, second] = await Promise.all([findAccountById(db.autoCommit, a), findAccountById(db.autoCommit, b)]);
  if (!first || !second) throw notFound(`Account ${first ? b : a}`);
  return explainMatch(db, config, { app: first.appCode, externalId: first.externalId }, { app: second.appCode, externalId: second.externalId });
}
