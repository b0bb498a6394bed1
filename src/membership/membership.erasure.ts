import { Named, statement } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';

const eraseMemberPart = statement<Named<'memberId'>>('membership/erase-member-part', ['memberId']);

/** Membership's part of erasing a member: memberships, score history, redemptions; payments lose the member id. */
export async function eraseMembershipPart(tx: Tx, memberId: string): Promise<void> {
  await tx.run(eraseMemberPart, { memberId });
}
