import { CatalogLoaders } from '../catalog/catalog.loaders';
import { IdentityLoaders } from '../identity/identity.loaders';
import { AnalyticsLoaders } from './analytics.loaders';
import { PlatformConfig } from '../platform/config';
import { RequestContext } from '../platform/request.context';
import { AnalyticsConfig } from './analytics.config';

/** The analytics domain's slice of the request context. */
export interface AnalyticsContext extends RequestContext {
  config: AnalyticsConfig & PlatformConfig;
  loaders: CatalogLoaders & IdentityLoaders & AnalyticsLoaders;
}
