import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Brand } from '../catalog/brand.type';
import { MembershipContext } from './membership.context';
import { requireApp } from '../identity/app.registry';
import { App } from '../identity/app.type';
import { BenefitDefinition } from './benefit.rules';
import { Benefit } from './membership.type';

export function toBenefit(definition: BenefitDefinition): Benefit {
  return Object.assign(new Benefit(), { ...definition, appCode: definition.app });
}

@Resolver(() => Benefit)
export class BenefitResolver {
  @Query(() => [Benefit], { description: 'The benefit catalog, optionally of one program.' })
  async benefitCatalog(@Arg('program', () => String, { nullable: true }) program: string | null, @Ctx() { loaders }: MembershipContext): Promise<Benefit[]> {
    const catalog = await loaders.benefitCatalog.load('all');
    return catalog.filter((b) => !program || b.program === program).map(toBenefit);
  }

  @FieldResolver(() => App, { nullable: true, description: 'The app the benefit is used on.' })
  app(@Root() benefit: Benefit): App {
    return requireApp(benefit.appCode);
  }

  @FieldResolver(() => Brand, { nullable: true, description: 'The one brand the benefit is for, if it is for one brand.' })
  brand(@Root() benefit: Benefit, @Ctx() { loaders }: MembershipContext): Promise<Brand | null> | null {
    return benefit.brandId ? loaders.brandById.load(benefit.brandId) : null;
  }
}
