/** The analyst's bearer token, kept for this browser tab only (sessionStorage), never in the page's URL. */
const KEY = 'explorer.token';

export function currentToken(): string {
  return sessionStorage.getItem(KEY) ?? '';
}

export function saveToken(token: string): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}

export interface TokenClaims {
  role?: string;
  sub?: string;
  exp?: number;
}

/** The token's claims, read without checking the signature: only to tailor the page; the server decides access. */
export function readClaims(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims = JSON.parse(json) as unknown;
    return claims && typeof claims === 'object' ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

/**
 * Whether to offer admin actions (accept/reject): an admin token, or no token at all, which only a development
 * server without a key accepts (it treats every request as an admin's).
 */
export function mayDecide(): boolean {
  const token = currentToken();
  return token === '' || readClaims(token)?.role === 'admin';
}
