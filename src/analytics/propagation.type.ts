import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Brand } from '../catalog/brand.type';

@ObjectType({ description: 'A member who spreads a brand: PageRank over who passed the brand on to whom.' })
export class Influencer {
  @Field(() => ID)
  memberId!: string;

  @Field(() => Float, { description: 'PageRank in the propagation graph: high when the members this one reached pass the brand on too.' })
  score!: number;

  @Field(() => Int, { description: 'Distinct members this one shared the brand with or referred, in the window.' })
  reached!: number;

  @Field(() => ID, { description: 'The community the member belongs to (its id).' })
  communityId!: string;
}

@ObjectType({ description: 'A group of members who pass a brand on among themselves more than to others (Louvain).' })
export class Community {
  @Field(() => ID, { description: 'The smallest member id in the community: stable from run to run.' })
  id!: string;

  @Field(() => Int)
  size!: number;

  @Field(() => [Influencer], { description: 'Its most influential members, best first (at most 3).' })
  influencers!: Influencer[];
}

@ObjectType({ description: "A brand's propagation graph over [from, to): members linked by shares and referrals of the brand." })
export class PropagationReport {
  @Field(() => Brand)
  brand!: Brand;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => String, { description: 'What computed it: "gds" (Graph Data Science Louvain and PageRank).' })
  engine!: string;

  @Field(() => Int, { description: 'Members who passed the brand on or were passed it, each once across their linked accounts.' })
  members!: number;

  @Field(() => Int, { description: 'Distinct (sharer, receiver) pairs of members.' })
  links!: number;

  @Field(() => [Community], { description: 'The largest communities first (ties by id), at most `first`.' })
  communities!: Community[];

  @Field(() => [Influencer], { description: 'The most influential members overall, best first, at most `first`.' })
  influencers!: Influencer[];
}
