import { RequestContext } from '../platform/request.context';
import { ErasurePart } from './erasure.service';
import { IdentityConfig } from './identity.config';
import { IdentityLoaders } from './identity.loaders';

/** The identity domain's slice of the request context. */
export interface IdentityContext extends RequestContext {
  config: IdentityConfig;
  loaders: IdentityLoaders;
  /** What other domains erase of a member along with identity's part (assembled by the composition root). */
  erasureParts: readonly ErasurePart[];
}
