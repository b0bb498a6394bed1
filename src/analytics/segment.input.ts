import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A tree of tags combined by set operations; exactly one of the fields is set.' })
export class SegmentExpr {
  @Field(() => String, { nullable: true, description: 'Members carrying this tag.' })
  tag?: string | null;

  @Field(() => [SegmentExpr], { nullable: true, description: 'Intersection: members in every one.' })
  and?: SegmentExpr[] | null;

  @Field(() => [SegmentExpr], { nullable: true, description: 'Union: members in any one.' })
  or?: SegmentExpr[] | null;

  @Field(() => SegmentExpr, { nullable: true, description: 'Complement within the whole membership; inside and: difference.' })
  not?: SegmentExpr | null;
}
