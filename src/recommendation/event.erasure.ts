import { cypher } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';

const eraseMemberEvents = cypher('recommendation/erase-member-events');

/** Recommendation's part of erasing a member: the events recorded against its accounts. */
export async function eraseEventsPart(tx: Tx, memberId: string): Promise<void> {
  await tx.run(eraseMemberEvents, { memberId });
}
