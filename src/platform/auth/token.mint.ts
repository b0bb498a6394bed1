import { SignJWT } from 'jose';
import { AuthConfig } from '../config';
import { Role, ROLES } from './principal';

/** What a minted token says: who calls (role, and the member id or the partner's app) and for how long. */
export interface TokenRequest {
  role: Role;
  /** The member id, for role member; any subject otherwise (it keys the token's rate limit). */
  sub?: string;
  /** The app code, for role partner. */
  app?: string;
  /** For role member: the account the person signed in with, "APP:externalId" (erasure, unlink and consent withdrawal need it). */
  acct?: string;
  ttlSeconds: number;
}

export class TokenMintError extends Error {}

const TTL = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `90`, `90s`, `30m`, `1h`, `1d` as seconds. */
export function parseTtl(text: string): number {
  const match = TTL.exec(text.trim());
  if (!match || Number(match[1]) <= 0) throw new TokenMintError(`--ttl must be a duration such as 90s, 30m, 1h or 1d, got "${text}"`);
  return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
}

/**
 * Signs a token the server accepts, with the configured HS256 secret (and issuer and audience when set), for
 * development and tests. A server that checks tokens with a public key (PEM or JWKS) accepts only tokens signed by
 * the private key, which stays with the identity provider: there is nothing here to sign with, and it says so.
 */
export async function mintToken(config: AuthConfig, request: TokenRequest): Promise<string> {
  if (config.publicKeyFile || config.jwksFile) {
    const which = config.publicKeyFile ? 'AUTH_JWT_PUBLIC_KEY_FILE' : 'AUTH_JWKS_FILE';
    throw new TokenMintError(`${which} is a public key: tokens for this server are signed with its private key by your identity provider, not here (npm run token signs with AUTH_JWT_SECRET)`);
  }
  if (!config.secret) {
    throw new TokenMintError('no AUTH_JWT_SECRET is set: the server runs in dev mode and treats every request as an admin; set AUTH_JWT_SECRET (at least 32 characters) for the server and for npm run token');
  }
  if (!ROLES.includes(request.role)) throw new TokenMintError(`--role must be one of ${ROLES.join(', ')}, got "${request.role}"`);
  if (request.role === 'member' && !request.sub) throw new TokenMintError('a member token needs --sub <member id>');
  if (request.role === 'partner' && !request.app) throw new TokenMintError('a partner token needs --app <app code>');
  if (request.ttlSeconds > config.maxTokenAgeSeconds) {
    throw new TokenMintError(`--ttl is ${request.ttlSeconds} s, but the server accepts tokens for at most AUTH_TOKEN_MAX_AGE_SECONDS = ${config.maxTokenAgeSeconds} s`);
  }
  const claims: Record<string, unknown> = { role: request.role };
  if (request.role === 'partner') claims.app = request.app;
  if (request.acct !== undefined) {
    if (request.role !== 'member') throw new TokenMintError('--acct is for member tokens');
    claims.acct = request.acct;
  }
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(`${request.ttlSeconds}s`);
  if (request.sub) jwt.setSubject(request.sub);
  if (config.issuer) jwt.setIssuer(config.issuer);
  if (config.audience) jwt.setAudience(config.audience);
  return jwt.sign(new TextEncoder().encode(config.secret));
}
