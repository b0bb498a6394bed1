import { statement } from '../platform/neo4j/cypher';
import { Database, Row } from '../platform/neo4j/database';
import { toAccount } from './account.repository';
import { Account } from './account.type';
import { toMember } from './member.repository';
import { Member } from './member.type';

const resolveIdentityStatement = statement<{ app: string; externalId: string; details: boolean }, { account: Row; member: Row; linkedApps: string[] }>(
  'identity/resolve-identity',
  ['app', 'externalId', 'details'],
);

export interface StoredResolution {
  account: Account;
  /** Only its id when read without details. */
  member: Member;
  linkedApps: string[];
}

/**
 * The member behind an account and the apps linked to it, in one statement; null when unknown or memberless. Without
 * `details` the account has no displayName or link and the member only its id.
 */
export async function resolveIdentity(db: Database, app: string, externalId: string, details: boolean): Promise<StoredResolution | null> {
  const [row] = await db.readOne(resolveIdentityStatement, { app, externalId, details });
  return row ? { account: toAccount(row.account), member: toMember(row.member), linkedApps: row.linkedApps } : null;
}
