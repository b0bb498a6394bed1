import { AnalyticsConfig, loadAnalyticsConfig } from '../analytics/analytics.config';
import { loadIdentityConfig, IdentityConfig } from '../identity/identity.config';
import { loadMembershipConfig, MembershipConfig } from '../membership/membership.config';
import { bool, Env, loadPlatformConfig, PlatformConfig } from '../platform/config';
import { loadRecommendationConfig, RecommendationConfig } from '../recommendation/recommendation.config';

/** Every setting the server reads from the environment: the platform's and each domain's, validated once at start-up. */
export interface Config extends PlatformConfig, IdentityConfig, MembershipConfig, AnalyticsConfig, RecommendationConfig {
  /** Load the demo graph at start-up into an empty database. */
  demoData: boolean;
}

/** Reads and validates the environment; throws ConfigError with one line naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const identity = loadIdentityConfig(env);
  return { ...loadPlatformConfig(env), ...identity, ...loadMembershipConfig(env), ...loadAnalyticsConfig(env), ...loadRecommendationConfig(env), demoData: bool(env, 'DEMO_DATA', true) };
}
