import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { CatalogContext } from './catalog.context';
import { listBrands } from './brand.repository';
import { Brand } from './brand.type';
import { requireFirst } from '../platform/page';

@Resolver(() => Brand)
export class BrandResolver {
  @Query(() => [Brand], { description: 'Brands by name, optionally of one industry.' })
  brands(
    @Arg('industry', () => String, { nullable: true }) industry: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Ctx() { db }: CatalogContext,
  ): Promise<Brand[]> {
    return listBrands(db, industry, requireFirst(first ?? 50, 1000));
  }
}
