import { resolveJoinedReviews } from './review.repository';
import { IdentityConfig } from './identity.config';
import { AppError, badInput, ErrorCode, notFound } from '../platform/errors';
import { Database, Tx } from '../platform/neo4j/database';
import { AccountRef } from './account.input';
import { validateRef } from './account.validate';
import { AccountMember, findAccountMember } from './account.repository';
import { forgetDoNotLink, splitAccount, useLinkConsent, withdrawPurposes } from './link.repository';
import { issueLinkConsent, LinkConsentClaims } from './link.consent';
import { LinkMethod } from './link.type';
import { attachAccount } from './link.repository';
import { lockMembers, mergeMembers } from './member.repository';
import { recordAuditEvent } from './audit.repository';
import { chooseSurvivor, joinRefusal } from './merge.rules';
import { canonicalPurposes, ConsentPurpose } from './consent.purpose';
import { recordChange } from './change.outbox';
import { Account } from './account.type';

async function requireAccount(tx: Tx, ref: AccountRef): Promise<AccountMember & { memberId: string }> {
  const found = await findAccountMember(tx, ref.app, ref.externalId);
  if (!found || !found.memberId) throw notFound(`Account ${ref.app}:${ref.externalId}`);
  return found as AccountMember & { memberId: string };
}

/**
 * The owner of account `ref` consents to linking it with account `to`: a signed token, valid 15 minutes, that the
 * owner of `to` passes to linkAccounts. Nothing is written until it is used.
 */
export async function grantLinkConsent(db: Database, config: IdentityConfig, ref: AccountRef, to: AccountRef): Promise<{ token: string; expiresAt: Date }> {
  const own = validateRef(ref);
  const other = validateRef(to);
  const account = await db.read((tx) => requireAccount(tx, own), 'grantLinkConsent');
  return issueLinkConsent(config.identifierHashKey, account.memberId, own, other);
}

/** What a link did (or, in a preview, would do) to the graph. */
export interface LinkOutcome {
  /** The member both accounts belong to afterwards. */
  memberId: string;
  /** The members the accounts belonged to before (one when they were already together). */
  before: string[];
  /** Members merged into the survivor. */
  merged: string[];
  /** Accounts that changed member: those of the merged members. */
  accountsMoved: number;
  /** Open reviews between accounts the link joined, accepted by it. */
  reviewsResolved: number;
}

/** The request of a link, validated: both accounts, the consent and the purposes it covers. */
interface LinkRequest {
  a: AccountRef;
  b: AccountRef;
  consentId: string;
  purposes: ConsentPurpose[];
  proof?: LinkConsentClaims;
}

function linkRequest(config: IdentityConfig, a: AccountRef, b: AccountRef, consentId: string, purposes: ConsentPurpose[] | null | undefined, proof?: LinkConsentClaims): LinkRequest {
  const consent = consentId.trim();
  if (!consent) throw badInput('consentId must name the consent the member gave for this link', 'consentId');
  if (consent.length > 200) throw badInput('consentId must be at most 200 characters', 'consentId');
  return { a: validateRef(a), b: validateRef(b), consentId: consent, purposes: canonicalPurposes(purposes ?? config.linkDefaultPurposes), proof };
}

/**
 * The link itself, inside the caller's transaction: the real mutation commits it, previewLink rolls it back, so the
 * preview answers with what this code does and cannot drift from it. LIMIT_EXCEEDED when the per-app limit refuses.
 */
async function linkInTx(tx: Tx, config: IdentityConfig, request: LinkRequest): Promise<LinkOutcome> {
  const { a: first, b: second, consentId: consent, purposes, proof } = request;
  const x = await requireAccount(tx, first);
  const y = await requireAccount(tx, second);
  if (proof) {
    if (y.memberId !== proof.grantorId) throw new AppError(ErrorCode.FORBIDDEN, 'The consent token was given by a member that no longer owns the account');
    if (!(await useLinkConsent(tx, proof.jti, proof.grantorId, y.accountId))) {
      throw new AppError(ErrorCode.FORBIDDEN, 'The consent token was already used; ask the account owner for a new one');
    }
  }
  const locked = await lockMembers(tx, [x.memberId, y.memberId]);
  // Re-read after locking: a concurrent merge may have moved either account.
  const mx = (await requireAccount(tx, first)).memberId;
  const my = (await requireAccount(tx, second)).memberId;
  const members = [...new Set([mx, my])].map((id) => locked.get(id)).filter((m) => m !== undefined);
  if (members.length !== new Set([mx, my]).size) throw new AppError(ErrorCode.CONFLICT, 'The accounts changed while linking; retry the request');
  let merged: string[] = [];
  let accountsMoved = 0;
  if (members.length === 2) {
    const [left, right] = members.map((m) => ({ ...m, avoid: new Set<string>() }));
    if (joinRefusal([left], right, null, config.matching.maxAccountsPerApp)) {
      throw new AppError(
        ErrorCode.LIMIT_EXCEEDED,
        `Linking would give the member more than ${config.matching.maxAccountsPerApp} accounts on one app; unlink one first`,
      );
    }
    await forgetDoNotLink(tx, [mx, my]);
    const survivor = chooseSurvivor(members);
    merged = members.filter((m) => m !== survivor).map((m) => m.id);
    accountsMoved = members.filter((m) => m !== survivor).reduce((n, m) => n + m.accounts, 0);
    // b moves only with its member, so the merge is the whole change: b is in it when its member is merged away.
    await recordChange(tx, config, { kind: 'MERGED', memberId: survivor.id, mergedMemberIds: merged, fromMemberIds: merged });
    await mergeMembers(tx, survivor.id, merged);
    await recordAuditEvent(tx, {
      type: 'LINK',
      rules: ['USER_ASSERTED'],
      survivorId: survivor.id,
      memberIds: [survivor.id, ...merged],
      accountId: y.accountId,
      detail: `linked on the member's word (consent ${consent})`,
    });
  }
  const memberId = members.length === 2 ? chooseSurvivor(members).id : mx;
  await attachAccount(tx, y.accountId, memberId, { method: LinkMethod.USER_ASSERTED, confidence: 1, rules: ['USER_ASSERTED'], consentId: consent, purposes });
  const reviewsResolved = await resolveJoinedReviews(tx, memberId);
  return { memberId, before: [...new Set([mx, my])], merged, accountsMoved, reviewsResolved };
}

/**
 * Links two accounts on the member's own word: their members become one, do-not-link facts between them are
 * forgotten, and the second account's link records USER_ASSERTED with the consent id and the purposes it covers
 * (LINK_DEFAULT_PURPOSES when none are given). With `proof` (a verified consent token from b's owner), b must still
 * belong to the member that gave it, and the token is spent: a second use is FORBIDDEN. Returns the member id.
 */
export function linkAccounts(
  db: Database,
  config: IdentityConfig,
  a: AccountRef,
  b: AccountRef,
  consentId: string,
  purposes?: ConsentPurpose[] | null,
  proof?: LinkConsentClaims,
): Promise<string> {
  const request = linkRequest(config, a, b, consentId, purposes, proof);
  return db.write(async (tx) => (await linkInTx(tx, config, request)).memberId, 'linkAccounts');
}

/** What a domain above identity reads of members to show a link's effect: per member id, the benefits it may use. */
export type BenefitsProbe = (tx: Tx, memberIds: string[]) => Promise<Set<string>[]>;

export interface LinkPreviewResult {
  allowed: boolean;
  reasons: string[];
  survivorId: string | null;
  accountsMoved: number;
  reviewsResolved: number;
  benefitsGained: string[];
  benefitsLost: string[];
}

/** Thrown to roll a preview's transaction back once it has looked at the result. */
class PreviewRollback extends Error {
  constructor(readonly result: LinkPreviewResult) {
    super('preview rolled back');
  }
}

/**
 * What linkAccounts(a, b) would change, without changing it: the link runs in a write transaction that is always
 * rolled back, after the benefits of the members before and of the survivor after were read inside it. A refusal
 * (the per-app limit) answers allowed: false with the reason instead of an error.
 */
export function previewLink(db: Database, config: IdentityConfig, a: AccountRef, b: AccountRef, benefitsOf: BenefitsProbe): Promise<LinkPreviewResult> {
  const request = linkRequest(config, a, b, 'preview', null);
  return preview(db, benefitsOf, 'previewLink', async (tx) => {
    const x = await requireAccount(tx, request.a);
    const y = await requireAccount(tx, request.b);
    return [x.memberId, y.memberId];
  }, (tx) => linkInTx(tx, config, request));
}

/** What mergeMembers(memberIds) would change, without changing it (as previewLink). */
export function previewMerge(db: Database, config: IdentityConfig, memberIds: string[], benefitsOf: BenefitsProbe): Promise<LinkPreviewResult> {
  const ids = mergeRequest(memberIds);
  return preview(db, benefitsOf, 'previewMerge', async (tx) => [...(await lockMembers(tx, ids)).keys()], (tx) => mergeInTx(tx, config, ids));
}

/** Refusals a preview reports as `allowed: false` rather than as an error: the limits that would stop the act. */
const REFUSALS = new Set<string>([ErrorCode.LIMIT_EXCEEDED, ErrorCode.CONFLICT]);

/**
 * Runs `act` (the real mutation's own code) in a write transaction that is always rolled back, reading the benefits
 * of the members before (`members`) and of the survivor after inside it.
 */
async function preview(
  db: Database,
  benefitsOf: BenefitsProbe,
  name: string,
  members: (tx: Tx) => Promise<string[]>,
  act: (tx: Tx) => Promise<LinkOutcome>,
): Promise<LinkPreviewResult> {
  try {
    await db.write(async (tx) => {
      const before = new Set((await benefitsOf(tx, [...new Set(await members(tx))])).flatMap((s) => [...s]));
      let outcome: LinkOutcome;
      try {
        outcome = await act(tx);
      } catch (error) {
        if (error instanceof AppError && REFUSALS.has(String(error.extensions.code))) {
          throw new PreviewRollback({ allowed: false, reasons: [error.message], survivorId: null, accountsMoved: 0, reviewsResolved: 0, benefitsGained: [], benefitsLost: [] });
        }
        throw error;
      }
      const [after] = await benefitsOf(tx, [outcome.memberId]);
      throw new PreviewRollback({
        allowed: true,
        reasons: outcome.before.length === 1 ? ['the accounts already belong to the same member'] : [],
        survivorId: outcome.memberId,
        accountsMoved: outcome.accountsMoved,
        reviewsResolved: outcome.reviewsResolved,
        benefitsGained: [...after].filter((id) => !before.has(id)).sort(),
        benefitsLost: [...before].filter((id) => !after.has(id)).sort(),
      });
    }, name);
  } catch (error) {
    if (error instanceof PreviewRollback) return error.result;
    throw error;
  }
  throw new Error(`${name}: the preview transaction committed`);
}

const MAX_MERGE = 20;

function mergeRequest(memberIds: string[]): string[] {
  const ids = [...new Set(memberIds.map((id) => id.trim()))];
  if (ids.length < 2 || ids.length > MAX_MERGE || ids.some((id) => !id)) throw badInput(`memberIds must name 2 to ${MAX_MERGE} different members`, 'memberIds');
  return ids;
}

/**
 * An operator's merge of members, in the caller's transaction: the survivor is chosen as matching chooses it; a
 * do-not-link fact between them is CONFLICT and the per-app limit LIMIT_EXCEEDED (an operator unlinks first).
 */
async function mergeInTx(tx: Tx, config: IdentityConfig, ids: string[]): Promise<LinkOutcome> {
  const locked = await lockMembers(tx, ids);
  const missing = ids.filter((id) => !locked.has(id));
  if (missing.length) throw notFound(`Member ${missing[0]}`);
  const members = [...locked.values()];
  const refusal = members.slice(1).reduce<string | null>((why, m, i) => why ?? joinRefusal(members.slice(0, i + 1), m, null, config.matching.maxAccountsPerApp), null);
  if (refusal === 'DO_NOT_LINK') throw new AppError(ErrorCode.CONFLICT, 'A do-not-link fact keeps these members apart: they were unlinked or rejected as a match');
  if (refusal === 'APP_LIMIT') {
    throw new AppError(ErrorCode.LIMIT_EXCEEDED, `Merging would give the member more than ${config.matching.maxAccountsPerApp} accounts on one app; unlink one first`);
  }
  const survivor = chooseSurvivor(members);
  const merged = members.filter((m) => m !== survivor).map((m) => m.id);
  await recordChange(tx, config, { kind: 'MERGED', memberId: survivor.id, mergedMemberIds: merged, fromMemberIds: merged });
  await mergeMembers(tx, survivor.id, merged);
  await recordAuditEvent(tx, { type: 'MERGE', rules: ['MANUAL'], survivorId: survivor.id, memberIds: [survivor.id, ...merged], detail: 'merged by an operator' });
  const reviewsResolved = await resolveJoinedReviews(tx, survivor.id);
  return { memberId: survivor.id, before: ids, merged, accountsMoved: members.filter((m) => m !== survivor).reduce((n, m) => n + m.accounts, 0), reviewsResolved };
}

/** Merges members on an operator's decision; returns the survivor's id. */
export function mergeMembersByOperator(db: Database, config: IdentityConfig, memberIds: string[]): Promise<string> {
  const ids = mergeRequest(memberIds);
  return db.write(async (tx) => (await mergeInTx(tx, config, ids)).memberId, 'mergeMembers');
}

/**
 * Withdraws purposes from the consent of an account's link, at once: the next read of any reader that needs one of
 * them no longer sees the account. Audited (CONSENT_WITHDRAWN, naming the purposes). Withdrawing a purpose the link
 * does not have changes nothing, so a retry is safe. Recorded in the outbox for the identity caches of API
 * instances (this one forgets the link before answering, others within IDENTITY_CACHE_MAX_STALENESS_MS). Returns the
 * account as it is now.
 */
export function withdrawConsent(db: Database, config: IdentityConfig, ref: AccountRef, purposes: ConsentPurpose[]): Promise<Account> {
  const account = validateRef(ref);
  const withdrawn = canonicalPurposes(purposes);
  if (!withdrawn.length) throw badInput('purposes must name at least one purpose to withdraw', 'purposes');
  return db.write(async (tx) => {
    const found = await requireAccount(tx, account);
    const updated = await withdrawPurposes(tx, found.accountId, withdrawn);
    await recordAuditEvent(tx, {
      type: 'CONSENT_WITHDRAWN',
      rules: withdrawn,
      memberIds: [found.memberId],
      accountId: found.accountId,
      detail: `consent withdrawn for ${withdrawn.join(', ')}`,
    });
    // Not a change of who-is-who (partners' feeds leave it out), but identity caches hold the link's purposes.
    await recordChange(tx, config, { kind: 'CONSENT_WITHDRAWN', memberId: found.memberId, accountIds: [found.accountId] });
    return updated;
  }, 'withdrawConsent');
}

/**
 * Makes the account its own member and records that it must not be linked back to the member it left, so the same
 * evidence does not merge it again. An account that is already alone stays as it is. Returns its member id.
 */
export function unlinkAccount(db: Database, config: IdentityConfig, ref: AccountRef, reason: string): Promise<string> {
  const account = validateRef(ref);
  const why = reason.trim();
  if (!why) throw badInput('reason must say why the account is unlinked', 'reason');
  if (why.length > 500) throw badInput('reason must be at most 500 characters', 'reason');
  return db.write(async (tx) => {
    const found = await requireAccount(tx, account);
    const locked = await lockMembers(tx, [found.memberId]);
    const current = (await requireAccount(tx, account)).memberId;
    const member = locked.get(current);
    if (!member) throw new AppError(ErrorCode.CONFLICT, 'The account changed while unlinking; retry the request');
    if (member.accounts <= 1) return current;
    const { oldMemberId, newMemberId } = await splitAccount(tx, found.accountId, why);
    await recordAuditEvent(tx, {
      type: 'UNLINK',
      rules: ['UNLINKED'],
      memberIds: [oldMemberId, newMemberId],
      accountId: found.accountId,
      detail: why,
    });
    await recordChange(tx, config, { kind: 'UNLINKED', memberId: newMemberId, accountIds: [found.accountId] });
    await recordChange(tx, config, { kind: 'SPLIT', memberId: oldMemberId, fromMemberIds: [oldMemberId] });
    return newMemberId;
  }, 'unlinkAccount');
}
