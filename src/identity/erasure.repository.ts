import { Named, statement } from '../platform/neo4j/cypher';
import { Tx } from '../platform/neo4j/database';

const eraseMemberStatement = statement<Named<'memberId'>>('identity/erase-member', ['memberId']);
const redactChangesStatement = statement<Named<'memberId'>>('identity/redact-changes', ['memberId']);

/** Takes a member about to be erased, and its accounts, out of the identity changes recorded before. */
export async function redactChanges(tx: Tx, memberId: string): Promise<void> {
  await tx.run(redactChangesStatement, { memberId });
}

/** Identity's part of an erasure: the member, its accounts, identifiers, reviews and aliases. */
export async function eraseMember(tx: Tx, memberId: string): Promise<{ memberId: string; accounts: number } | null> {
  const [row] = await tx.run(eraseMemberStatement, { memberId });
  return row ? { memberId: row.memberId as string, accounts: row.accounts as number } : null;
}
