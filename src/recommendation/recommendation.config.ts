import { Env, fraction, int, oneOf } from '../platform/config';

export const ENGINE_CHOICES = ['auto', 'gds', 'cypher'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/** What the recommendation domain reads from the environment. */
export interface RecommendationConfig {
  recommendation: {
    /** How item similarity is computed: GDS node similarity, the Cypher co-purchase query, or GDS when the database has it. */
    engine: EngineChoice;
    /** Minutes between background refreshes of item similarity and popularity; 0 refreshes only at start-up and on demand. */
    refreshMinutes: number;
    /** Seconds before the first retry of a refresh that failed; each further failure in a row doubles it, up to the refresh interval (15 minutes when refreshMinutes is 0). */
    refreshRetrySeconds: number;
    /** Seconds after an erasure before item similarity is recomputed without the member (0: the next scheduled refresh). */
    erasureRefreshSeconds: number;
    /** Similar items kept per item. */
    similarTopK: number;
    /** Lowest Jaccard similarity kept, from 0 to 1. */
    similarityCutoff: number;
    /** Days of activity that make an item popular. */
    popularityDays: number;
    /** Percent added to an item's score when the member's active membership gives a discount at its brand. */
    discountBoostPercent: number;
  };
}

export function loadRecommendationConfig(env: Env): RecommendationConfig {
  return {
    recommendation: {
      engine: oneOf(env, 'RECOMMENDATION_ENGINE', ENGINE_CHOICES, 'auto'),
      refreshMinutes: int(env, 'RECOMMENDATION_REFRESH_MINUTES', 15, 0, 10_080),
      refreshRetrySeconds: int(env, 'RECOMMENDATION_REFRESH_RETRY_SECONDS', 30, 1, 86_400),
      erasureRefreshSeconds: int(env, 'RECOMMENDATION_ERASURE_REFRESH_SECONDS', 60, 0, 86_400),
      similarTopK: int(env, 'RECOMMENDATION_SIMILAR_TOP_K', 50, 1, 1000),
      similarityCutoff: fraction(env, 'RECOMMENDATION_SIMILARITY_CUTOFF', 0.01),
      popularityDays: int(env, 'RECOMMENDATION_POPULARITY_DAYS', 30, 1, 3660),
      discountBoostPercent: int(env, 'RECOMMENDATION_DISCOUNT_BOOST_PERCENT', 15, 0, 1000),
    },
  };
}
