import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Tx } from '../platform/neo4j/database';
import { MemberAccount } from './overshared.rules';

const ofAccounts = statement<Named<'accountIds' | 'identifierMaxAccounts'>>('identity/over-shared-of-accounts', ['accountIds', 'identifierMaxAccounts']);
const page = statement<Named<'after' | 'limit' | 'identifierMaxAccounts'>>('identity/over-shared-page', ['after', 'limit', 'identifierMaxAccounts']);
const membersOf = statement<Named<'hash'>>('identity/over-shared-members', ['hash']);
const memberEvidence = statement<Named<'memberId'>>('identity/member-evidence', ['memberId']);
const splitOff = statement<Named<'memberId' | 'accountIds' | 'newMemberId' | 'displayName'>>('identity/split-off-accounts', ['memberId', 'accountIds', 'newMemberId', 'displayName']);
const markReexamined = statement<Named<'hash'>>('identity/mark-reexamined', ['hash']);

/** The over-shared identifiers of these accounts whose links were not re-examined yet. */
export async function pendingOfAccounts(db: Database, accountIds: string[], identifierMaxAccounts: number): Promise<string[]> {
  const rows = await db.readOne(ofAccounts, { accountIds, identifierMaxAccounts: cypherInt(identifierMaxAccounts) });
  return rows.map((r) => r.hash as string);
}

/** One page of the whole graph's identifiers in hash order: the pending ones among them, and where the next page starts (null: no more). */
export async function pendingPage(db: Database, after: string, limit: number, identifierMaxAccounts: number): Promise<{ hashes: string[]; last: string | null }> {
  const [row] = await db.readOne(page, { after, limit: cypherInt(limit), identifierMaxAccounts: cypherInt(identifierMaxAccounts) });
  return { hashes: (row?.hashes as string[]) ?? [], last: (row?.last as string | null) ?? null };
}

/** Members holding at least two carriers of the identifier. */
export async function membersCarrying(db: Database, hash: string): Promise<string[]> {
  return (await db.readOne(membersOf, { hash })).map((r) => r.memberId as string);
}

export async function readMemberAccounts(tx: Tx, memberId: string): Promise<MemberAccount[]> {
  const [row] = await tx.run(memberEvidence, { memberId });
  return ((row?.accounts as MemberAccount[] | undefined) ?? []).filter((a) => a.id);
}

/** Moves accounts of a member into a new member of their own (no do-not-link fact); returns its id. */
export async function splitOffAccounts(tx: Tx, memberId: string, accountIds: string[], displayName: string | null): Promise<string> {
  const [row] = await tx.run(splitOff, { memberId, accountIds, newMemberId: randomUUID(), displayName });
  return row.newMemberId as string;
}

export async function markIdentifierReexamined(db: Database, hash: string): Promise<void> {
  await db.writeOne(markReexamined, { hash });
}
