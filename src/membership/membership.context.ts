import { CatalogLoaders } from '../catalog/catalog.loaders';
import { IdentityConfig } from '../identity/identity.config';
import { IdentityCache } from '../identity/identity.cache';
import { IdentityLoaders } from '../identity/identity.loaders';
import { RequestContext } from '../platform/request.context';
import { MembershipConfig } from './membership.config';
import { MembershipLoaders } from './membership.loaders';

/** The membership domain's slice of the request context: it reads members (identity) and brands (catalog). */
export interface MembershipContext extends RequestContext {
  config: MembershipConfig & IdentityConfig;
  loaders: IdentityLoaders & CatalogLoaders & MembershipLoaders;
  identityCache: IdentityCache;
}
