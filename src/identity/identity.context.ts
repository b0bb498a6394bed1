import { RequestContext } from '../platform/request.context';
import { IdentityConfig } from './identity.config';
import { IdentityLoaders } from './identity.loaders';

/** The identity domain's slice of the request context. */
export interface IdentityContext extends RequestContext {
  config: IdentityConfig;
  loaders: IdentityLoaders;
}
