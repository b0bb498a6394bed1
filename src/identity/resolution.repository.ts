import { statement } from '../platform/neo4j/cypher';
import { Database, Row } from '../platform/neo4j/database';
import { SelectionTree } from '../platform/selection';
import { toAccount } from './account.repository';
import { Account } from './account.type';
import { CachedIdentity, IdentityCache } from './identity.cache';
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

/** The part of a resolution the identity cache holds. */
export function identityOf({ account, member, linkedApps }: StoredResolution): CachedIdentity {
  return { accountId: account.id, app: account.appCode, externalId: account.externalId, memberId: member.id, link: account.link, linkedApps };
}

/** Reads a resolution from the database and caches its identity part (unless a change came in the meantime). */
export async function resolveAndCache(db: Database, cache: IdentityCache, app: string, externalId: string): Promise<StoredResolution | null> {
  const ticket = cache.ticket();
  const resolution = await resolveIdentity(db, app, externalId);
  if (resolution) cache.fill(ticket, identityOf(resolution));
  return resolution;
}

/**
 * The identity of an account that has a member: from the cache when it may answer, else read (one statement) and
 * cached. Null when the account is unknown or has no member; those are not cached (an account gets a member in a
 * write that records a change, but nothing records that an unknown account came to exist).
 */
export async function identityOfRef(db: Database, cache: IdentityCache, app: string, externalId: string): Promise<CachedIdentity | null> {
  const cached = cache.lookup(app, externalId);
  if (cached) return cached;
  const resolution = await resolveAndCache(db, cache, app, externalId);
  return resolution && identityOf(resolution);
}

/** Fields of accounts and members the cache does not hold (identity.cache.ts says why). */
const NOT_CACHED = new Set(['displayName', 'loyaltyScore']);

/** Whether a query's selection below an account or member asks for nothing the cache leaves out. */
export const cacheHolds = (selection: SelectionTree | undefined): boolean => ![...(selection?.keys() ?? [])].some((field) => NOT_CACHED.has(field));

/** A property the cache does not hold: reading it is a bug (cacheHolds was not asked), never a wrong answer. */
function withheld<T extends object>(target: T, fields: string[]): T {
  for (const field of fields) {
    Object.defineProperty(target, field, {
      enumerable: true,
      get: () => {
        throw new Error(`${field} is not held by the identity cache: ask cacheHolds(selection) before answering from it`);
      },
    });
  }
  return target;
}

/** An account answered from the cache: every field but displayName. */
export function accountOf(identity: CachedIdentity): Account {
  const account = Object.assign(new Account(), { id: identity.accountId, appCode: identity.app, externalId: identity.externalId, memberId: identity.memberId, link: identity.link });
  return withheld(account, ['displayName']);
}

/** A resolution answered from the cache: its member is the member's id (fields below it resolve through loaders by id). */
export function resolutionOf(identity: CachedIdentity): StoredResolution {
  const member = withheld(Object.assign(new Member(), { id: identity.memberId }), ['displayName', 'loyaltyScore', 'createdAt']);
  return { account: accountOf(identity), member, linkedApps: identity.linkedApps };
}
