import { createHmac, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { AppError, ErrorCode } from '../platform/errors';
import { AccountRef } from './account.input';

const AUDIENCE = 'identity-graph:link-consent';
const LIFETIME_SECONDS = 15 * 60;

/** What the owner of account `ref` agreed to: that it may be linked with account `to`, once, before `expiresAt`. */
export interface LinkConsentClaims {
  jti: string;
  /** The member that owned `ref` when consent was given. */
  grantorId: string;
  ref: AccountRef;
  to: AccountRef;
  expiresAt: Date;
}

/**
 * The signing key for consent tokens, derived from IDENTIFIER_HASH_KEY (production refuses the public development
 * key), so the server alone can mint and verify them and no second secret has to be configured.
 */
function consentKey(hashKey: string): Uint8Array {
  return createHmac('sha256', hashKey).update('link-consent-v1').digest();
}

const sameRef = (x: AccountRef, y: AccountRef): boolean => x.app === y.app && x.externalId === y.externalId;

/** A signed, single-use token saying that the member owning `ref` consents to its link with `to`. */
export async function issueLinkConsent(hashKey: string, grantorId: string, ref: AccountRef, to: AccountRef, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + LIFETIME_SECONDS * 1000);
  const token = await new SignJWT({ ref: [ref.app, ref.externalId], to: [to.app, to.externalId] })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(AUDIENCE)
    .setSubject(grantorId)
    .setJti(randomUUID())
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(consentKey(hashKey));
  return { token, expiresAt };
}

const invalid = (why: string): AppError => new AppError(ErrorCode.FORBIDDEN, `The consent token is not valid for this link: ${why}`);

/**
 * Checks a consent token's signature, expiry and the two accounts it names; FORBIDDEN when any is wrong. Whether its
 * grantor still owns `ref` and whether it was used before are checked in the link's transaction.
 */
export async function verifyLinkConsent(hashKey: string, token: string, ref: AccountRef, to: AccountRef): Promise<LinkConsentClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, consentKey(hashKey), { algorithms: ['HS256'], audience: AUDIENCE, requiredClaims: ['exp', 'jti', 'sub'] }));
  } catch {
    throw invalid('it is malformed, expired or not signed by this server');
  }
  const pair = (value: unknown): AccountRef | null =>
    Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'string') ? { app: value[0], externalId: value[1] } : null;
  const claimedRef = pair(payload.ref);
  const claimedTo = pair(payload.to);
  if (!claimedRef || !claimedTo || !sameRef(claimedRef, ref) || !sameRef(claimedTo, to)) throw invalid('it was given for other accounts');
  return { jti: payload.jti!, grantorId: payload.sub!, ref: claimedRef, to: claimedTo, expiresAt: new Date(payload.exp! * 1000) };
}
