import { Field, Int, ObjectType } from 'type-graphql';
import { SegmentNode } from './segment.expr';

@ObjectType({ description: 'The members a segment expression selects.' })
export class SegmentResult {
  @Field(() => Int)
  count!: number;

  @Field(() => Int, { description: 'Members looked at to answer: the candidates from the cheapest tags, or every member when the expression needs it.' })
  scanned!: number;

  /** The validated expression, for the sample. */
  expr!: SegmentNode;
}

@ObjectType({ description: 'A tag and how many members carry it.' })
export class TagCount {
  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: 'Derived from the graph (88vip, region:..., age:..., app:..., recurring-buyer...), not set by hand.' })
  derived!: boolean;

  @Field(() => Int)
  members!: number;
}
