import { RequestContext } from '../platform/request.context';
import { SelectionTree } from '../platform/selection';
import { Member } from './member.type';
import { ErasurePart } from './erasure.service';
import { IdentityConfig } from './identity.config';
import { IdentityLoaders } from './identity.loaders';
import { BenefitsProbe } from './link.service';
import { IdentityCache } from './identity.cache';

/** The identity domain's slice of the request context. */
export interface IdentityContext extends RequestContext {
  config: IdentityConfig;
  loaders: IdentityLoaders;
  /** Identities of accounts, kept exact by the outbox (identity.cache.ts); shared by the requests of this process. */
  identityCache: IdentityCache;
  /** What other domains erase of a member along with identity's part (assembled by the composition root). */
  erasureParts: readonly ErasurePart[];
  /** The benefits members may use, read in a transaction (membership's, for previewLink). */
  benefitsOf: BenefitsProbe;
  /**
   * The member with this id, read with what the query asks for below it (`selection`) and handed to the loaders of
   * those fields (assembled by the composition root, which knows every domain's part of a profile).
   */
  readMember(id: string, selection: SelectionTree): Promise<Member | null>;
}
