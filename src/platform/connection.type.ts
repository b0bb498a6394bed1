import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { Connection, Edge, PageInfoValue } from './connection';

@ObjectType({ description: 'Where a page of a connection ends: pass endCursor as `after` for the next page.' })
export class PageInfo implements PageInfoValue {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge; null for an empty page.' })
  endCursor!: string | null;
}

/**
 * The GraphQL types `<Name>Edge` and `<Name>Connection` of a list of `node`s in the Relay connection shape
 * (totalCount, edges { cursor node }, pageInfo). Call once per node type, at module load.
 */
export function connectionType<T extends object>(node: ClassType<T>, name: string, description: string): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a ${name}Connection and its cursor.` })
  class EdgeType implements Edge<T> {
    @Field(() => String, { description: 'Opaque; pass it as `after` to read the items after this one.' })
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionType implements Connection<T> {
    @Field(() => Int, { description: 'How many items the whole list holds now, across all pages.' })
    readonly totalCount!: Promise<number>;

    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}
