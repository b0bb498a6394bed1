import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, jwtVerify } from 'jose';
import { loadConfig } from '../../src/app/config';
import { mintToken, parseTtl } from '../../src/platform/auth/token.mint';

const SECRET = 'a-development-secret-of-at-least-32-chars';

describe('mintToken (npm run token)', () => {
  it('signs with AUTH_JWT_SECRET, with the issuer and audience the server requires', async () => {
    const auth = loadConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'https://id.example', AUTH_JWT_AUDIENCE: 'identity-graph' }).auth;
    const jwt = await mintToken(auth, { role: 'partner', app: 'ELEME', sub: 'eleme-backend', ttlSeconds: 3600 });
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(SECRET), { issuer: 'https://id.example', audience: 'identity-graph', algorithms: ['HS256'] });
    expect(payload).toMatchObject({ role: 'partner', app: 'ELEME', sub: 'eleme-backend' });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('names the sign-in account of a member token (acct), and of no other', async () => {
    const auth = loadConfig({ AUTH_JWT_SECRET: SECRET }).auth;
    expect(decodeJwt(await mintToken(auth, { role: 'member', sub: 'm-1', acct: 'TAOBAO:tb_liwei90', ttlSeconds: 60 })).acct).toBe('TAOBAO:tb_liwei90');
    await expect(mintToken(auth, { role: 'partner', app: 'ELEME', acct: 'ELEME:e-1', ttlSeconds: 60 })).rejects.toThrow(/--acct is for member tokens/);
  });

  it('leaves the app claim to partners', async () => {
    const auth = loadConfig({ AUTH_JWT_SECRET: SECRET }).auth;
    expect(decodeJwt(await mintToken(auth, { role: 'analyst', app: 'ELEME', ttlSeconds: 60 })).app).toBeUndefined();
  });

  it.each([
    [{ role: 'member' as const, ttlSeconds: 60 }, /needs --sub/],
    [{ role: 'partner' as const, ttlSeconds: 60 }, /needs --app/],
    [{ role: 'root' as never, ttlSeconds: 60 }, /--role must be one of member, partner, analyst, admin/],
    [{ role: 'admin' as const, ttlSeconds: 2 * 86_400 }, /AUTH_TOKEN_MAX_AGE_SECONDS = 86400/],
  ])('refuses %p', async (request, message) => {
    await expect(mintToken(loadConfig({ AUTH_JWT_SECRET: SECRET }).auth, request)).rejects.toThrow(message);
  });

  it('refuses without a key: the server runs in dev mode', async () => {
    await expect(mintToken(loadConfig({}).auth, { role: 'admin', ttlSeconds: 60 })).rejects.toThrow(/no AUTH_JWT_SECRET is set: the server runs in dev mode/);
  });

  it('refuses when only a public key is configured: its private key is with the identity provider', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-'));
    try {
      const file = path.join(dir, 'public.pem');
      fs.writeFileSync(file, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }));
      await expect(mintToken(loadConfig({ AUTH_JWT_PUBLIC_KEY_FILE: file }).auth, { role: 'admin', ttlSeconds: 60 })).rejects.toThrow(/AUTH_JWT_PUBLIC_KEY_FILE is a public key/);
      await expect(mintToken(loadConfig({ AUTH_JWKS_FILE: file }).auth, { role: 'admin', ttlSeconds: 60 })).rejects.toThrow(/AUTH_JWKS_FILE is a public key/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads durations', () => {
    expect([parseTtl('90'), parseTtl('90s'), parseTtl('30m'), parseTtl('1h'), parseTtl('1d')]).toEqual([90, 90, 1800, 3600, 86_400]);
    for (const bad of ['', '0', '1w', '-5m', 'soon']) expect(() => parseTtl(bad)).toThrow(/--ttl must be a duration/);
  });
});
