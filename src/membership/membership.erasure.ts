import { cypher } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';

const eraseMemberPart = cypher('membership/erase-member-part');

/** Membership's part of erasing a member: memberships, score history, redemptions; payments lose the member id. */
export async function eraseMembershipPart(tx: Tx, memberId: string): Promise<void> {
  await tx.run(eraseMemberPart, { memberId });
}
