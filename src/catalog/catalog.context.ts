import { RequestContext } from '../platform/request.context';
import { CatalogLoaders } from './catalog.loaders';

/** The catalog's slice of the request context. */
export interface CatalogContext extends RequestContext {
  loaders: CatalogLoaders;
}
