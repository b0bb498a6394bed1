import { IdentityConfig } from '../identity/identity.config';
import { IdentityLoaders } from '../identity/identity.loaders';
import { RequestContext } from '../platform/request.context';
import { RecommendationConfig } from './recommendation.config';

/** The recommendation domain's slice of the request context. */
export interface RecommendationContext extends RequestContext {
  config: IdentityConfig & RecommendationConfig;
  loaders: IdentityLoaders;
}
