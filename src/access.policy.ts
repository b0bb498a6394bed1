import { Context } from './context';
import { AccountRef } from './identity/account.input';
import { findAccountMember } from './identity/identity.repository';
import { AccessPolicy, AccessRule } from './platform/auth/authorize.middleware';
import { Principal } from './platform/auth/principal';

/** The live member id behind an id (merged-away ids resolve to their survivor), or null. */
async function liveMember(context: Context, id: string | undefined): Promise<string | null> {
  if (!id) return null;
  return (await context.loaders.memberById.load(id))?.id ?? null;
}

async function isSelf(principal: Principal, memberId: string | undefined, context: Context): Promise<boolean> {
  const [self, other] = await Promise.all([liveMember(context, principal.memberId), liveMember(context, memberId)]);
  return self !== null && self === other;
}

/** A partner owns the accounts on its app; a member owns the accounts linked to it. */
async function ownsRef(principal: Principal, ref: AccountRef | undefined, context: Context): Promise<boolean> {
  if (!ref) return false;
  if (principal.role === 'partner') return ref.app === principal.app;
  if (principal.role === 'member') {
    const found = await context.db.read((tx) => findAccountMember(tx, ref.app, ref.externalId), 'authorizeRef');
    return Boolean(found?.memberId) && (await isSelf(principal, found!.memberId!, context));
  }
  return true;
}

const self = (arg: string): AccessRule<Context>['scope'] => (p, args, c) => (p.role === 'member' ? isSelf(p, args[arg], c) : true);
const ownRef = (pick: (args: Record<string, any>) => AccountRef | undefined): AccessRule<Context>['scope'] => (p, args, c) => ownsRef(p, pick(args), c);

const READERS = ['member', 'partner', 'analyst'] as const;

/**
 * Who may do what. Members read and act on themselves only; partners resolve, check eligibility, redeem and record
 * events for accounts on their own app, and from a resolution learn the member id, the linked app codes and
 * eligibility, never other apps' accounts or identifiers; analysts read (personal data masked) and write nothing;
 * admins do everything (the middleware lets them through before looking here).
 */
export const ACCESS_POLICY: AccessPolicy<Context> = {
  rootFields: {
    'Query.member': { roles: ['member', 'analyst'], scope: self('id') },
    'Query.account': { roles: ['member', 'partner', 'analyst'], scope: ownRef((a) => a.ref) },
    'Query.resolveIdentity': { roles: ['member', 'partner', 'analyst'], scope: ownRef((a) => a.ref) },
    'Query.benefitEligibility': { roles: ['member', 'partner', 'analyst'], scope: ownRef((a) => a.ref) },
    'Query.explainMatch': { roles: ['analyst'] },
    'Query.reviewQueue': { roles: ['analyst'] },
    'Query.brands': { roles: [...READERS] },
    'Query.benefitCatalog': { roles: [...READERS] },
    'Mutation.redeemBenefit': { roles: ['member', 'partner'], scope: ownRef((a) => a.ref) },
    'Mutation.recordEvent': { roles: ['partner'], scope: ownRef((a) => a.input?.ref) },
    'Mutation.joinProgram': { roles: ['member'], scope: self('memberId') },
    'Mutation.linkAccounts': { roles: ['member'], scope: ownRef((a) => a.a) },
    'Mutation.unlinkAccount': { roles: ['member'], scope: ownRef((a) => a.ref) },
    'Mutation.eraseMember': { roles: ['member'], scope: self('id') },
  },
  hiddenFields: {
    partner: new Set([
      'Member.accounts',
      'Member.displayName',
      'Member.loyaltyScore',
      'Member.loyaltyHistory',
      'Member.annualSpend',
      'Member.auditTrail',
      'Account.identifiers',
      'Account.displayName',
    ]),
  },
  maskedFields: {
    analyst: new Set(['Member.displayName', 'Account.displayName', 'Account.externalId']),
  },
  mask: (value) => (typeof value === 'string' && value.length > 0 ? `${value.slice(0, 1)}***` : value),
};
