import { MAX_ACCOUNTS_READ, MAX_IDENTIFIERS_READ, toAccount } from '../identity/account.repository';
import { Identifier } from '../identity/identifier.type';
import { Member } from '../identity/member.type';
import { toMember } from '../identity/member.repository';
import { toMembership, toStanding, UsageWindow } from '../membership/membership.repository';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row } from '../platform/neo4j/database';
import { SelectionTree } from '../platform/selection';
import { Context } from './context';

const memberProfile = statement<Named<'id' | 'accounts' | 'identifiers' | 'memberships' | 'standing' | 'accountCap' | 'identifierCap' | 'monthStart' | 'yearStart'>>(
  'app/member-profile',
  ['id', 'accounts', 'identifiers', 'memberships', 'standing', 'accountCap', 'identifierCap', 'monthStart', 'yearStart'],
);

/** Member fields whose resolvers read the standing (membership.resolver.ts). */
const STANDING_FIELDS = ['benefits', 'programEligibility'];

/**
 * Reads a member for `member(id)` with every part the query asks for below it (accounts with their identifiers,
 * memberships, the standing behind benefits) in one statement, and primes the loaders those fields resolve through,
 * so the whole profile is one round trip instead of one per level and domain. A member asked for alone goes through
 * its loader as before.
 */
export async function readMemberProfile(db: Database, loaders: Context['loaders'], window: UsageWindow, now: Date, id: string, selection: SelectionTree): Promise<Member | null> {
  const wants = {
    accounts: selection.has('accounts'),
    identifiers: selection.get('accounts')?.has('identifiers') ?? false,
    memberships: selection.has('memberships'),
    standing: STANDING_FIELDS.some((field) => selection.has(field)),
  };
  if (!wants.accounts && !wants.memberships && !wants.standing) return loaders.memberById.load(id);
  const [row] = await db.readOne(memberProfile, {
    id,
    ...wants,
    accountCap: cypherInt(MAX_ACCOUNTS_READ),
    identifierCap: cypherInt(MAX_IDENTIFIERS_READ),
    monthStart: window.monthStart.toISOString(),
    yearStart: window.yearStart.toISOString(),
  });
  if (!row) return null;
  const member = toMember(row.member as Row);
  loaders.memberById.prime(id, member).prime(member.id, member);
  if (wants.accounts) {
    const rows = row.accounts as Row[];
    loaders.accountsByMember.prime(member.id, rows.map(toAccount));
    if (wants.identifiers) for (const account of rows) loaders.identifiersByAccount.prime(account.id as string, account.identifiers as Identifier[]);
  }
  if (wants.memberships) loaders.membershipsByMember.prime(member.id, (row.memberships as Row[]).map((m) => toMembership(m, now)));
  if (wants.standing) loaders.standingByMember.prime(member.id, toStanding(row.standing as Row));
  return member;
}
