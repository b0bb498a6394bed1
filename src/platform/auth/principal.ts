/** Who is calling, from a verified token (or the dev-mode stand-in). */
export type Role = 'member' | 'partner' | 'analyst' | 'admin';

export const ROLES: readonly Role[] = ['member', 'partner', 'analyst', 'admin'];

export interface Principal {
  role: Role;
  /** The member id, for role member. */
  memberId?: string;
  /** For role member: the account the person signed in with (claim acct, "APP:externalId"), when the token names it. */
  account?: { app: string; externalId: string };
  /** The app code, for role partner. */
  app?: string;
  /** A stable key for rate limiting: the token's subject and role. */
  key: string;
  /** True when no key is configured and everything is allowed (development only). */
  dev: boolean;
}

export const DEV_PRINCIPAL: Principal = { role: 'admin', key: 'dev', dev: true };
