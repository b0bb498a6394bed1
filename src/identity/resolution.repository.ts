import { statement } from '../platform/neo4j/cypher';
import { Database, Row } from '../platform/neo4j/database';
import { toAccount } from './account.repository';
import { Account } from './account.type';
import { toMember } from './member.repository';
import { Member } from './member.type';

const resolveIdentityStatement = statement<{ app: string; externalId: string }, { account: Row; member: Row; linkedApps: string[] }>('identity/resolve-identity', [
  'app',
  'externalId',
]);

export interface StoredResolution {
  account: Account;
  member: Member;
  linkedApps: string[];
}

/** The member behind an account and the apps linked to it, in one statement; null when unknown or memberless. */
export async function resolveIdentity(db: Database, app: string, externalId: string): Promise<StoredResolution | null> {
  const [row] = await db.readOne(resolveIdentityStatement, { app, externalId });
  return row ? { account: toAccount(row.account), member: toMember(row.member), linkedApps: row.linkedApps } : null;
}
