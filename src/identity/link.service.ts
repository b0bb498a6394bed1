import { IdentityConfig } from './identity.config';
import { AppError, badInput, ErrorCode, notFound } from '../platform/errors';
import { Database, Tx } from '../platform/neo4j/database';
import { AccountRef } from './account.input';
import { validateRef } from './account.validate';
import { AccountMember, findAccountMember } from './account.repository';
import { forgetDoNotLink, splitAccount, useLinkConsent } from './link.repository';
import { issueLinkConsent, LinkConsentClaims } from './link.consent';
import { LinkMethod } from './link.type';
import { attachAccount } from './link.repository';
import { lockMembers, mergeMembers } from './member.repository';
import { recordAuditEvent } from './audit.repository';
import { chooseSurvivor, joinRefusal } from './merge.rules';

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

/**
 * Links two accounts on the member's own word: their members become one, do-not-link facts between them are
 * forgotten, and the second account's link records USER_ASSERTED with the consent id. With `proof` (a verified
 * consent token from b's owner), b must still belong to the member that gave it, and the token is spent: a second
 * use is FORBIDDEN. Returns the member id.
 */
export function linkAccounts(db: Database, config: IdentityConfig, a: AccountRef, b: AccountRef, consentId: string, proof?: LinkConsentClaims): Promise<string> {
  const first = validateRef(a);
  const second = validateRef(b);
  const consent = consentId.trim();
  if (!consent) throw badInput('consentId must name the consent the member gave for this link', 'consentId');
  if (consent.length > 200) throw badInput('consentId must be at most 200 characters', 'consentId');
  return db.write(async (tx) => {
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
      const merged = members.filter((m) => m !== survivor).map((m) => m.id);
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
    await attachAccount(tx, y.accountId, memberId, { method: LinkMethod.USER_ASSERTED, confidence: 1, rules: ['USER_ASSERTED'], consentId: consent });
    return memberId;
  }, 'linkAccounts');
}

/**
 * Makes the account its own member and records that it must not be linked back to the member it left, so the same
 * evidence does not merge it again. An account that is already alone stays as it is. Returns its member id.
 */
export function unlinkAccount(db: Database, ref: AccountRef, reason: string): Promise<string> {
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
    return newMemberId;
  }, 'unlinkAccount');
}
