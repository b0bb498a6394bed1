import { Context } from './context';
import { GraphNode } from '../analytics/exploration.type';
import { AccountRef } from '../identity/account.input';
import { findAccountMember, isAnchoredAccount } from '../identity/account.repository';
import { BenefitEligibility } from '../membership/membership.type';
import { holdsAccountOn } from '../membership/membership.repository';
import { PAYMENT_APPS } from '../membership/program.catalog';
import { AccessPolicy, AccessRule } from '../platform/auth/authorize.middleware';
import { Principal } from '../platform/auth/principal';
import { AppError, ErrorCode } from '../platform/errors';
import { EventInput } from '../recommendation/event.input';
import { partnerEventRefusal } from '../recommendation/event.rules';
import { Recommendation } from '../recommendation/recommendation.type';

type Scope = NonNullable<AccessRule<Context>['scope']>;

/** The live member id behind an id (merged-away ids resolve to their survivor), or null. */
async function liveMember(context: Context, id: string | undefined): Promise<string | null> {
  if (!id) return null;
  return (await context.loaders.memberById.load(id))?.id ?? null;
}

/**
 * The member a member token acts for: the member its sub names, while that member lives. A token never follows a
 * merge: whoever got a token for a member merged away (perhaps by an account that bridged it into someone else's)
 * must sign in again, and the identity provider then decides who they are.
 */
async function tokenMember(principal: Principal, context: Context): Promise<string | null> {
  const live = await liveMember(context, principal.memberId);
  if (live !== null && live !== principal.memberId) {
    throw new AppError(ErrorCode.MEMBER_MERGED, 'The member of this token was merged into another: sign in again for a token of the member you belong to now');
  }
  return live;
}

async function isSelf(principal: Principal, memberId: string | undefined, context: Context): Promise<boolean> {
  const [self, other] = await Promise.all([tokenMember(principal, context), liveMember(context, memberId)]);
  return self !== null && self === other;
}

/**
 * Destructive self-service (erasure, unlink, consent withdrawal) rests on more than an automatic link: the token
 * names the account the person signed in with (acct), and that account is anchored in the member: it made the
 * member, was linked on the member's word or by an operator, or shares an identifier it verified with another
 * account of the member (anchored-account.cypher). An account linked only because it carries someone's phone
 * reads that member's profile at most; it cannot erase the member or cut it apart.
 */
const anchored: Scope = async (p, _args, c) => {
  if (p.role !== 'member') return true;
  const self = await tokenMember(p, c);
  if (self === null) return false;
  if (!p.account || !(await isAnchoredAccount(c.db, p.account, self))) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'Not allowed: erasing, unlinking and withdrawing consent need a member token whose acct claim names the account you signed in with, ' +
        'linked to you as the account that made the member, on your word, by an operator, or through an identifier its app verified',
    );
  }
  return true;
};

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

/** A partner may use only benefits used on its own app. */
async function benefitOnOwnApp(principal: Principal, benefitId: string, context: Context): Promise<boolean> {
  if (principal.role !== 'partner') return true;
  const catalog = await context.loaders.benefitCatalog.load('all');
  return catalog.find((b) => b.id === benefitId)?.app === principal.app;
}

const self = (arg: string): Scope => (p, args, c) => (p.role === 'member' ? isSelf(p, args[arg], c) : true);
const ownRef = (pick: (args: Record<string, any>) => AccountRef | undefined): Scope => (p, args, c) => ownsRef(p, pick(args), c);
/** Like ownRef, for an argument that may be left out. */
const optionalRef = (pick: (args: Record<string, any>) => AccountRef | null | undefined): Scope => (p, args, c) => {
  const ref = pick(args);
  return ref ? ownsRef(p, ref, c) : true;
};
const allOf = (...scopes: Scope[]): Scope => async (p, args, c) => {
  for (const scope of scopes) if (!(await scope(p, args, c))) return false;
  return true;
};

/** A partner records only what happens on its own app, of the kinds that app reports, within sane amounts. */
const ownAppEvent: Scope = (p, args) => {
  const input = args.input as EventInput | undefined;
  if (p.role !== 'partner' || !input) return true;
  const refusal = partnerEventRefusal(p.app!, input);
  if (refusal) throw new AppError(ErrorCode.FORBIDDEN, `Not allowed: ${refusal}`);
  return true;
};

/** The bulk path: every event of the batch is authorized as recordEvent would authorize it alone. */
const eachEvent: Scope = async (p, args, c) => {
  for (const input of (args.inputs ?? []) as EventInput[]) {
    const single = { input };
    if (!(await ownsRef(p, input.ref, c)) || !(await optionalRef((a) => a.input?.to)(p, single, c)) || !(await ownAppEvent(p, single, c))) return false;
  }
  return true;
};

/** The bulk path of upsertAccount: every account of the batch is on the partner's own app. */
const eachOwnAccount: Scope = async (p, args, c) => {
  for (const input of (args.inputs ?? []) as AccountRef[]) if (!(await ownsRef(p, input, c))) return false;
  return true;
};

/**
 * Linking merges two members, so a member must own both accounts, or bring the consent token that b's owner
 * granted (the resolver verifies it: signature, the two accounts, single use).
 */
const linkScope: Scope = async (p, args, c) => {
  if (p.role !== 'member') return true;
  if (!(await ownsRef(p, args.a, c))) return false;
  return typeof args.consentToken === 'string' && args.consentToken.length > 0 ? true : ownsRef(p, args.b, c);
};

/**
 * Joining a paid program is a purchase: the payments app reports it (admins may too), for a member it can charge:
 * one that holds an account on that app (joinProgram checks it again under the member's lock).
 */
const paymentsApp: Scope = async (p, args, c) => {
  if (p.role !== 'partner') return true;
  if (!PAYMENT_APPS.includes(p.app!)) return false;
  const member = await liveMember(c, args.memberId);
  return member !== null && (await c.db.read((tx) => holdsAccountOn(tx, member, p.app!), 'authorizePayer'));
};

const READERS = ['member', 'partner', 'analyst'] as const;

/**
 * Who may do what. Members read and act on themselves only; partners register (upsert) accounts, resolve, check eligibility, redeem and record
 * events for accounts and benefits of their own app, and learn of a member only its id, its linked app codes and
 * yes/no eligibility for benefits used on their app, with reasons that carry no hidden numbers; analysts read
 * (personal data masked) by the ids the API gives them, never by a raw external id, ask the brand databank (funnels,
 * segments, leaderboards, exploration) and write one thing: tags on members (tagMember), which is analysts' work in
 * this business (audiences are built from tags); admins do everything (the middleware lets them through before
 * looking here).
 */
export const ACCESS_POLICY: AccessPolicy<Context> = {
  rootFields: {
    'Query.member': { roles: ['member', 'analyst'], scope: self('id') },
    // Analysts read external ids masked, so no field takes a raw one from them: an answer (or NOT_FOUND) would tell a
    // real id from a guess and unmask it. They go by the ids the API gives them: member(id), neighborhood(id),
    // explainMatchByIds, shortestPathByIds, reviewQueue(accountId), previewMerge(memberIds).
    'Query.account': { roles: ['member', 'partner'], scope: ownRef((a) => a.ref) },
    'Query.resolveIdentity': { roles: ['member', 'partner'], scope: ownRef((a) => a.ref) },
    'Query.benefitEligibility': {
      roles: ['member', 'partner'],
      scope: allOf(ownRef((a) => a.ref), (p, a, c) => benefitOnOwnApp(p, a.benefitId, c)),
    },
    'Query.explainMatch': { roles: [] },
    'Query.explainMatchByIds': { roles: ['analyst'] },
    'Query.reviewQueue': { roles: ['analyst'] },
    'Query.reviews': { roles: ['analyst'] },
    // A member reads its own trail (as Member.auditTrail); partners never see a member's history.
    'Query.auditEvents': { roles: ['member', 'analyst'], scope: self('memberId') },
    'Query.brands': { roles: [...READERS] },
    'Query.benefitCatalog': { roles: [...READERS] },
    'Query.aiplFunnel': { roles: ['analyst'] },
    'Query.segment': { roles: ['analyst'] },
    'Query.segmentMembers': { roles: ['analyst'] },
    // POST /export/segment: a segment's audience on one app, with the app's account ids (activation).
    'Export.segment': { roles: ['analyst'] },
    'Query.tags': { roles: ['analyst'] },
    'Query.leaderboard': { roles: ['analyst'] },
    'Query.neighborhood': { roles: ['analyst'] },
    'Query.shortestPath': { roles: [] },
    'Query.shortestPathByIds': { roles: ['analyst'] },
    'Query.brandPropagation': { roles: ['analyst'] },
    'Mutation.tagMember': { roles: ['analyst'] },
    'Mutation.redeemBenefit': { roles: ['member', 'partner'], scope: allOf(ownRef((a) => a.ref), (p, a, c) => benefitOnOwnApp(p, a.benefitId, c)) },
    'Mutation.recordEvents': { roles: ['partner'], scope: eachEvent },
    // A partner registers accounts of its own app (and reads back only what partners read, hiddenFields below).
    'Mutation.upsertAccount': { roles: ['partner'], scope: ownRef((a) => a.input) },
    'Mutation.upsertAccounts': { roles: ['partner'], scope: eachOwnAccount },
    'Mutation.recordEvent': { roles: ['partner'], scope: allOf(ownRef((a) => a.input?.ref), optionalRef((a) => a.input?.to), ownAppEvent) },
    'Mutation.joinProgram': { roles: ['partner'], scope: paymentsApp },
    'Mutation.grantLinkConsent': { roles: ['member'], scope: ownRef((a) => a.ref) },
    'Mutation.linkAccounts': { roles: ['member'], scope: linkScope },
    'Mutation.unlinkAccount': { roles: ['member'], scope: allOf(ownRef((a) => a.ref), anchored) },
    'Mutation.withdrawConsent': { roles: ['member'], scope: allOf(ownRef((a) => a.ref), anchored) },
    // A member previews linking two of its own accounts (a link with another's account needs their token anyway).
    'Query.previewLink': { roles: ['member'], scope: allOf(ownRef((a) => a.a), ownRef((a) => a.b)) },
    // mergeMembers is for admins (operators); analysts may look at what it would do.
    'Query.previewMerge': { roles: ['analyst'] },
    'Mutation.eraseMember': { roles: ['member'], scope: allOf(self('id'), anchored) },
    'Query.crossAppSignals': { roles: ['analyst'] },
    // A partner hears of its own app's accounts only.
    'Query.identityChanges': { roles: ['partner'], scope: (p, args) => args.app === p.app },
    'Subscription.identityChanges': { roles: ['partner'], scope: (p, args) => args.app === p.app },
    // Admins only: the signals are business rules, and a refresh is heavy work on the whole graph.
    'Mutation.setCrossAppSignal': { roles: [] },
    'Mutation.removeCrossAppSignal': { roles: [] },
    'Mutation.refreshRecommendations': { roles: [] },
  },
  hiddenFields: {
    partner: new Set([
      'Member.accounts',
      'Member.displayName',
      'Member.loyaltyScore',
      'Member.loyaltyHistory',
      'Member.annualSpend',
      'Member.auditTrail',
      'Member.memberships',
      'Member.programEligibility',
      'Account.identifiers',
      'Account.displayName',
      // Names an account of another app and how its profile compared.
      'Link.evidence',
      'Member.tags',
      // What joinProgram answers the payments app: whether the membership is active, not its dates, price or history.
      'Membership.since',
      'Membership.until',
      'Membership.pricePaid',
      'Membership.renewals',
    ]),
  },
  maskedFields: {
    analyst: new Set(['Member.displayName', 'Account.displayName', 'Account.externalId']),
  },
  mask: (value) => (typeof value === 'string' && value.length > 0 ? `${value.slice(0, 1)}***` : value),
  fieldScopes: {
    // A partner asks what to offer on its own app only.
    'Member.recommendations': (p, args) => p.role !== 'partner' || args.app === p.app,
  },
  views: {
    analyst: {
      'GraphNode.caption': (_value, source) => (source as GraphNode).maskedCaption,
      'Recommendation.reason': (_value, source) => (source as Recommendation).publicReason,
    },
    partner: {
      'Member.benefits': (value, _source, p) => (value as BenefitEligibility[]).filter((answer) => answer.benefit.appCode === p.app),
      'BenefitEligibility.reasons': (_value, source) => (source as BenefitEligibility).publicReasons,
      // Evidence from other apps is not named to a partner: "based on your activity in the ecosystem".
      'Recommendation.reason': (_value, source) => (source as Recommendation).publicReason,
    },
  },
};
