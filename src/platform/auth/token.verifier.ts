import { createPublicKey, KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { createLocalJWKSet, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AuthConfig } from '../config';
import { AppError, ErrorCode } from '../errors';
import { DEV_PRINCIPAL, Principal, Role, ROLES } from './principal';

export type VerifyToken = (authorization: string | undefined) => Promise<Principal>;

function unauthenticated(message: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
}

/**
 * Builds the bearer-token check from the configured key: HS256 with AUTH_JWT_SECRET, RS256/ES256 with a PEM public
 * key or a JWKS file. Only those algorithms are accepted, so unsigned (`alg: none`) tokens are refused; expiry,
 * issuer and audience are checked by jose. Without any key (dev mode) every request is an admin.
 */
export function createTokenVerifier(config: AuthConfig): VerifyToken {
  if (config.devMode) return async () => DEV_PRINCIPAL;
  let key: Uint8Array | KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.secret) {
    key = new TextEncoder().encode(config.secret);
    algorithms = ['HS256'];
  } else if (config.publicKeyFile) {
    key = createPublicKey(fs.readFileSync(config.publicKeyFile, 'utf8'));
    algorithms = ['RS256', 'ES256'];
  } else {
    key = createLocalJWKSet(JSON.parse(fs.readFileSync(config.jwksFile!, 'utf8')));
    algorithms = ['RS256', 'ES256'];
  }
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated('A bearer token is required: send Authorization: Bearer <JWT>');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, { algorithms, issuer: config.issuer, audience: config.audience, requiredClaims: ['exp'] }));
    } catch {
      throw unauthenticated('The bearer token is invalid or expired (it must be signed and carry exp)');
    }
    if (payload.exp! - Date.now() / 1000 > config.maxTokenAgeSeconds) {
      throw unauthenticated(`The bearer token expires too far ahead: at most ${config.maxTokenAgeSeconds} s`);
    }
    return toPrincipal(payload);
  };
}

function toPrincipal(payload: JWTPayload): Principal {
  const role = payload.role as Role;
  if (!ROLES.includes(role)) throw unauthenticated(`The token's role claim must be one of ${ROLES.join(', ')}`);
  const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
  if (role === 'member') {
    if (!sub) throw unauthenticated('A member token needs its member id in sub');
    return { role, memberId: sub, key: `member:${sub}`, dev: false, ...signedInWith(payload.acct) };
  }
  if (role === 'partner') {
    const app = payload.app;
    if (typeof app !== 'string' || !app) throw unauthenticated('A partner token needs its app code in the app claim');
    return { role, app, key: `partner:${app}:${sub ?? ''}`, dev: false };
  }
  return { role, key: `${role}:${sub ?? ''}`, dev: false };
}

/** A member token's acct claim: the account the person signed in with, "APP:externalId" (the app code has no colon). */
function signedInWith(acct: unknown): Pick<Principal, 'account'> {
  if (acct === undefined) return {};
  const match = typeof acct === 'string' ? /^([A-Z][A-Z0-9_]*):(.{1,256})$/s.exec(acct) : null;
  if (!match) throw unauthenticated('The acct claim of a member token must be "APP:externalId", the account the member signed in with');
  return { account: { app: match[1], externalId: match[2] } };
}
