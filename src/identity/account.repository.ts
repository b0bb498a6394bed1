import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row, Tx } from '../platform/neo4j/database';
import { Account } from './account.type';
import { Identifier } from './identifier.type';
import { Link, LinkMethod } from './link.type';
import { inKeyOrder } from '../platform/neo4j/key.order';
import { Member } from './member.type';
import { toMember } from './member.repository';
import { ConsentPurpose } from './consent.purpose';
import { MatchingConfig } from './identity.config';
import { Candidate, CandidateSet } from './matching.repository';
import { MatchProfile } from './matching.rules';

const ingestAccountStatement = statement<
  Named<'app' | 'externalId' | 'accountId' | 'displayName' | 'nameInitials' | 'birthDate' | 'city' | 'identifiers' | 'identifierMaxAccounts' | 'maxCandidates' | 'newMember'>
>('identity/ingest-account', ['app', 'externalId', 'accountId', 'displayName', 'nameInitials', 'birthDate', 'city', 'identifiers', 'identifierMaxAccounts', 'maxCandidates', 'newMember']);
const accountMemberByRef = statement<Named<'app' | 'externalId'>>('identity/account-member-by-ref', ['app', 'externalId']);
const anchoredAccount = statement<Named<'app' | 'externalId' | 'memberId'>>('identity/anchored-account', ['app', 'externalId', 'memberId']);
const createMemberForAccount = statement<Named<'accountId' | 'memberId' | 'method' | 'confidence' | 'rules' | 'purposes' | 'recordChange'>>(
  'identity/create-member-for-account',
  ['accountId', 'memberId', 'method', 'confidence', 'rules', 'purposes', 'recordChange'],
);
const accountByRef = statement<Named<'app' | 'externalId'>>('identity/account-by-ref', ['app', 'externalId']);
const accountById = statement<Named<'id'>>('identity/account-by-id', ['id']);
const accountsByMember = statement<Named<'ids' | 'cap'>>('identity/accounts-by-member', ['ids', 'cap']);
const identifiersByAccount = statement<Named<'ids' | 'cap'>>('identity/identifiers-by-account', ['ids', 'cap']);

export interface StoredIdentifier {
  kind: string;
  hash: string;
  masked: string;
  /** The app verified that the account's holder controls it (on a derived key: an identifier it derives from). */
  verified?: boolean;
}

export interface AccountWrite {
  app: string;
  externalId: string;
  displayName: string | null;
  /** matching.blocking.ts nameInitials of the display name, stored for the INITIALS block. */
  nameInitials: string | null;
  birthDate: string | null;
  city: string | null;
  identifiers: StoredIdentifier[];
}

export function toAccount(row: Row): Account {
  const link = row.link as (Omit<Link, 'linkedAt'> & { linkedAt: Date }) | null;
  return Object.assign(new Account(), {
    id: row.id as string,
    appCode: row.app as string,
    externalId: row.externalId as string,
    displayName: (row.displayName as string | null) ?? null,
    memberId: (row.memberId as string | null) ?? null,
    link: link ? { ...link, rules: link.rules ?? [], purposes: link.purposes ?? [] } : null,
  });
}

/** The link of an account to a member made for it alone (by upsertAccount or createMemberFor). */
const NEW_MEMBER_LINK = { method: LinkMethod.DETERMINISTIC, confidence: 1, rules: ['NEW_MEMBER'] };

export interface UpsertedAccount {
  account: Account;
  /** The account's member: its own, or the one made for it when it was alone; null when matching must decide. */
  member: Member | null;
  /** How many accounts the member holds (0 without a member). */
  memberAccounts: number;
  /** The account's candidates through every blocking key, its own member's accounts left out (match-candidates). */
  candidates: CandidateSet;
  /** Its identifiers over IDENTIFIER_MAX_ACCOUNTS not re-examined yet: their links are re-examined after the commit. */
  overShared: string[];
}

/**
 * Stores or updates the account and its identifiers, and reads its candidates in the same statement. An account that
 * is alone (no member, no candidate) gets a member of its own in that statement, as matching would have decided, and
 * (`recordChange`) its LINKED identity change.
 */
export async function upsertAccount(tx: Tx, input: AccountWrite, matching: Pick<MatchingConfig, 'identifierMaxAccounts' | 'maxCandidates'>, purposes: ConsentPurpose[], recordChange: boolean): Promise<UpsertedAccount> {
  const newMember = { id: randomUUID(), ...NEW_MEMBER_LINK, purposes, recordChange };
  const [row] = await tx.run(ingestAccountStatement, {
    ...input,
    accountId: randomUUID(),
    identifierMaxAccounts: cypherInt(matching.identifierMaxAccounts),
    maxCandidates: cypherInt(matching.maxCandidates),
    newMember,
  });
  const member = row.member ? toMember(row.member as Row) : null;
  return {
    account: toAccount(row.account as Row),
    member,
    memberAccounts: Number(row.memberAccounts),
    candidates: { ownMemberId: member?.id ?? null, subject: row.subject as MatchProfile, candidates: row.candidates as Candidate[] },
    overShared: row.overShared as string[],
  };
}

/** Makes a new member that owns the account, with its LINKED identity change when `recordChange`; returns the member and the link as written. */
export async function createMemberFor(tx: Tx, accountId: string, purposes: ConsentPurpose[], recordChange: boolean): Promise<{ member: Member; link: Link }> {
  const [row] = await tx.run(createMemberForAccount, { accountId, memberId: randomUUID(), ...NEW_MEMBER_LINK, purposes, recordChange });
  return { member: toMember(row.member as Row), link: row.link as Link };
}

export async function findAccountByRef(db: Database, app: string, externalId: string): Promise<Account | null> {
  const [row] = await db.readOne(accountByRef, { app, externalId });
  return row ? toAccount(row.account as Row) : null;
}

export async function findAccountById(tx: Tx, id: string): Promise<Account | null> {
  const [row] = await tx.run(accountById, { id });
  return row ? toAccount(row.account as Row) : null;
}

/**
 * The most accounts read for one member, and identifiers for one account. A member holds at most
 * MEMBER_MAX_ACCOUNTS_PER_APP accounts on each app, but identifiers accumulate with every upsert: no read may grow
 * with them.
 */
export const MAX_ACCOUNTS_READ = 100;
export const MAX_IDENTIFIERS_READ = 100;

/** Batch: the accounts of each member id (at most MAX_ACCOUNTS_READ), in key order. */
export async function loadAccountsByMember(db: Database, memberIds: readonly string[]): Promise<Account[][]> {
  const rows = await db.readOne(accountsByMember, { ids: memberIds, cap: cypherInt(MAX_ACCOUNTS_READ) });
  return inKeyOrder(memberIds, rows, (r) => r.memberId as string, (r) => (r.accounts as Row[]).map(toAccount), []);
}

/** Batch: the masked identifiers of each account id (at most MAX_IDENTIFIERS_READ), in key order. */
export async function loadIdentifiersByAccount(db: Database, accountIds: readonly string[]): Promise<Identifier[][]> {
  const rows = await db.readOne(identifiersByAccount, { ids: accountIds, cap: cypherInt(MAX_IDENTIFIERS_READ) });
  return inKeyOrder(accountIds, rows, (r) => r.accountId as string, (r) => r.identifiers as Identifier[], []);
}

export interface AccountMember {
  accountId: string;
  memberId: string | null;
}

export async function findAccountMember(tx: Tx, app: string, externalId: string): Promise<AccountMember | null> {
  const [row] = await tx.run(accountMemberByRef, { app, externalId });
  return row ? { accountId: row.accountId as string, memberId: (row.memberId as string | null) ?? null } : null;
}

/**
 * Whether the account belongs to the member through a link stronger than an automatic one (anchored-account.cypher):
 * what a member's destructive self-service rests on.
 */
export async function isAnchoredAccount(db: Database, ref: { app: string; externalId: string }, memberId: string): Promise<boolean> {
  const [row] = await db.readOne(anchoredAccount, { ...ref, memberId });
  return row?.anchored === true;
}
