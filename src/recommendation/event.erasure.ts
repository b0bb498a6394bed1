import { Named, statement } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';

const eraseMemberEvents = statement<Named<'memberId'>>('recommendation/erase-member-events', ['memberId']);

/** Recommendation's part of erasing a member: the events recorded against its accounts. */
export async function eraseEventsPart(tx: Tx, memberId: string): Promise<void> {
  await tx.run(eraseMemberEvents, { memberId });
}
