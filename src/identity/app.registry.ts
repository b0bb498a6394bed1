import { AppError } from '../platform/errors';
import { IdentityErrorCode } from './identity.errors';

export interface AppInfo {
  code: string;
  name: string;
  scenario: string;
  external: boolean;
}

/** The ecosystem's apps (domain.md). Seeded into the graph as (:App) nodes at start-up. */
export const APPS: readonly AppInfo[] = [
  { code: 'TAOBAO', name: 'Taobao', scenario: 'shop', external: false },
  { code: 'TMALL', name: 'Tmall', scenario: 'shop', external: false },
  { code: 'ALIPAY', name: 'Alipay', scenario: 'finance', external: false },
  { code: 'ELEME', name: 'Ele.me', scenario: 'eat', external: false },
  { code: 'YOUKU', name: 'Youku', scenario: 'watch', external: false },
  { code: 'FLIGGY', name: 'Fliggy', scenario: 'travel', external: false },
  { code: 'AMAP', name: 'Amap', scenario: 'travel', external: false },
  { code: 'TAOPIAOPIAO', name: 'Taopiaopiao', scenario: 'play', external: false },
  { code: 'KOUBEI', name: 'Koubei', scenario: 'eat', external: false },
  { code: 'ALIHEALTH', name: 'Alibaba Health', scenario: 'health', external: false },
  { code: 'CAINIAO', name: 'Cainiao', scenario: 'home', external: false },
  { code: 'NETEASE_MUSIC', name: 'NetEase Cloud Music', scenario: 'listen', external: true },
];

const BY_CODE = new Map(APPS.map((app) => [app.code, app]));

/** Returns the app for a code, or throws UNKNOWN_APP listing the valid codes. */
export function requireApp(code: string): AppInfo {
  const app = BY_CODE.get(code);
  if (!app) {
    throw new AppError(IdentityErrorCode.UNKNOWN_APP, `Unknown app code "${code}"; use one of ${APPS.map((a) => a.code).join(', ')}`, {
      field: 'app',
    });
  }
  return app;
}
