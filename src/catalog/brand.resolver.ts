import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { CatalogContext } from './catalog.context';
import { badInput } from '../platform/errors';
import { listBrands } from './brand.repository';
import { Brand } from './brand.type';

@Resolver(() => Brand)
export class BrandResolver {
  @Query(() => [Brand], { description: 'Brands by name, optionally of one industry.' })
  brands(
    @Arg('industry', () => String, { nullable: true }) industry: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Ctx() { db }: CatalogContext,
  ): Promise<Brand[]> {
    const count = first ?? 50;
    if (count < 1 || count > 1000) throw badInput('first must be from 1 to 1000', 'first');
    return listBrands(db, industry, count);
  }
}
