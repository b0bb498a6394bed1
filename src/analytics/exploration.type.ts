import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A node of the graph, as analysts explore it.' })
export class GraphNode {
  @Field(() => ID, { description: 'The domain id (member, account, brand, store id; tag:<name>; event:<key>), else an opaque element id.' })
  id!: string;

  @Field(() => [String])
  labels!: string[];

  @Field(() => String, { description: 'Names and external ids come masked for analysts.' })
  caption!: string;

  /** The caption analysts see (access.policy.ts view). */
  maskedCaption!: string;

  @Field(() => Int, { nullable: true, description: 'Its relationships of the kinds explorations follow (an identifier: the accounts that carry it).' })
  degree?: number | null;

  @Field(() => Boolean, {
    description: 'A tag, brand or store, or an identifier or item on more than 20 accounts: shown with its count and not gone through; explore from it (its id) to list its neighbours.',
  })
  hub!: boolean;
}

@ObjectType({ description: 'A relationship between two nodes of a subgraph, from source to target.' })
export class GraphEdge {
  @Field(() => ID)
  source!: string;

  @Field(() => ID)
  target!: string;

  @Field(() => String)
  type!: string;

  @Field(() => String, { nullable: true, description: 'On a path between accounts: what this link is evidence of.' })
  evidence?: string | null;
}

@ObjectType({ description: 'The part of the graph around a node.' })
export class Subgraph {
  @Field(() => [GraphNode])
  nodes!: GraphNode[];

  @Field(() => [GraphEdge])
  edges!: GraphEdge[];

  @Field(() => Boolean, { description: 'True when the node limit or a busy node (a brand with millions of events) cut the exploration short.' })
  truncated!: boolean;
}

@ObjectType({ description: 'The shortest chain of identity links and shared identifiers between two accounts.' })
export class GraphPath {
  @Field(() => Int, { description: 'Relationships on the path.' })
  length!: number;

  @Field(() => [GraphNode], { description: 'From the first account to the second.' })
  nodes!: GraphNode[];

  @Field(() => [GraphEdge])
  edges!: GraphEdge[];
}
