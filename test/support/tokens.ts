import { SignJWT } from 'jose';

export const TEST_SECRET = 'test-secret-for-hs256-at-least-32-characters-long';

/** A signed HS256 token for the test secret, valid for an hour (a test file may run for minutes on a busy machine) unless `expiresIn` says otherwise (null: no exp). */
export async function token(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number | null } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (typeof claims.sub === 'string') jwt.setSubject(claims.sub);
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

/** An unsigned token (`alg: none`), which the server must refuse. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 })}.`;
}

export const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
