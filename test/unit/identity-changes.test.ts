import { canonicalPurposes, ConsentPurpose, defaultPurposes } from '../../src/identity/consent.purpose';
import { loadWebhookConfig } from '../../src/identity/webhook.config';
import { backoffMs, webhookBody } from '../../src/identity/webhook.delivery';
import { signWebhook, verifyWebhook } from '../../src/identity/webhook.signature';
import { IdentityChange, IdentityChangeKind } from '../../src/identity/change.type';
import { parseOffset } from '../../src/identity/change.repository';
import { ConfigError } from '../../src/platform/config';

describe('consent purposes', () => {
  it('default to benefits, recommendations and analytics, and read LINK_DEFAULT_PURPOSES in canonical order', () => {
    expect(defaultPurposes({})).toEqual(['BENEFITS', 'RECOMMENDATIONS', 'ANALYTICS']);
    expect(defaultPurposes({ LINK_DEFAULT_PURPOSES: 'analytics, BENEFITS' })).toEqual(['BENEFITS', 'ANALYTICS']);
    expect(defaultPurposes({ LINK_DEFAULT_PURPOSES: 'none' })).toEqual([]);
    expect(() => defaultPurposes({ LINK_DEFAULT_PURPOSES: 'BENEFITS,SELLING' })).toThrow(ConfigError);
    expect(canonicalPurposes([ConsentPurpose.MARKETING, ConsentPurpose.BENEFITS, ConsentPurpose.MARKETING])).toEqual(['BENEFITS', 'MARKETING']);
  });
});

describe('change offsets', () => {
  it('accept a non-negative integer or nothing, and refuse anything else', () => {
    expect(parseOffset(null)).toBe(0);
    expect(parseOffset('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', '9'.repeat(16)]) expect(() => parseOffset(bad)).toThrow(/after must be an offset/);
  });
});

describe('webhook signatures', () => {
  const secret = 'a-partner-secret-0123456789';
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  const ts = Math.floor(now / 1000);

  it('verify what was signed, and nothing altered, stale or signed with another key', () => {
    const body = '{"app":"ELEME","changes":[]}';
    const sig = signWebhook(secret, ts, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, String(ts), body, sig, now)).toBe(true);
    expect(verifyWebhook(secret, String(ts), body.replace('ELEME', 'TMALL'), sig, now)).toBe(false);
    expect(verifyWebhook(secret, String(ts + 1), body, sig, now)).toBe(false);
    expect(verifyWebhook('another-secret-0123456789', String(ts), body, sig, now)).toBe(false);
    expect(verifyWebhook(secret, String(ts), body, sig, now + 600_000)).toBe(false);
  });

  it('carry the changes as the feed answers them', () => {
    const change = Object.assign(new IdentityChange(), { offset: '7', kind: IdentityChangeKind.MERGED, at: new Date(now), memberId: 'm1', accounts: [{ app: 'ELEME', externalId: 'e1' }], mergedMemberIds: ['m2'] });
    expect(JSON.parse(webhookBody('ELEME', [change]))).toEqual({
      app: 'ELEME',
      changes: [{ offset: '7', kind: 'MERGED', at: '2026-12-02T12:00:00.000Z', memberId: 'm1', accounts: [{ app: 'ELEME', externalId: 'e1' }], mergedMemberIds: ['m2'] }],
    });
  });
});

describe('webhook retries', () => {
  it('back off exponentially from 500 ms up to the maximum, with full jitter', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, 60_000, () => 1))).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(backoffMs(40, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(3, 60_000, () => 0)).toBe(0);
  });

  it('are configured from IDENTITY_WEBHOOKS, refusing unknown apps, bad urls and short secrets', () => {
    const ok = loadWebhookConfig({ IDENTITY_WEBHOOKS: JSON.stringify([{ app: 'ELEME', url: 'https://hooks.ele.example/identity', secret: 'sixteen-chars-ok!' }]) });
    expect(ok.targets).toEqual([{ app: 'ELEME', url: 'https://hooks.ele.example/identity', secret: 'sixteen-chars-ok!' }]);
    expect(ok.batch).toBe(100);
    expect(loadWebhookConfig({}).targets).toEqual([]);
    const bad = (value: unknown) => () => loadWebhookConfig({ IDENTITY_WEBHOOKS: typeof value === 'string' ? value : JSON.stringify(value) });
    expect(bad('not json')).toThrow(/not valid JSON/);
    expect(bad([{ app: 'NOPE', url: 'https://x.example', secret: 'sixteen-chars-ok!' }])).toThrow(/unknown app/);
    expect(bad([{ app: 'ELEME', url: 'ftp://x.example', secret: 'sixteen-chars-ok!' }])).toThrow(/http or https/);
    expect(bad([{ app: 'ELEME', url: 'https://x.example', secret: 'short' }])).toThrow(/at least 16/);
    expect(bad([{ app: 'ELEME', url: 'https://x.example', secret: 'sixteen-chars-ok!' }, { app: 'ELEME', url: 'https://y.example', secret: 'sixteen-chars-ok!' }])).toThrow(/twice/);
  });
});
