import 'reflect-metadata';
import { loadDemoGraph, removeDemoGraph } from '../../src/demo/demo.seed';
import { DEMO_PEOPLE } from '../../src/demo/demo.data';
import { startTestApi, TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('the demo graph', () => {
  it('loads a dozen members over the apps, reloads idempotently, and serves a profile with memberships', async () => {
    await removeDemoGraph(api.db);
    expect(await loadDemoGraph(api.db, 'demo-test-key-0123456789')).toBe(DEMO_PEOPLE.length);
    expect(await loadDemoGraph(api.db, 'demo-test-key-0123456789')).toBe(DEMO_PEOPLE.length);
    const res = await api.gql('{ member(id: "demo-member-02") { displayName accounts { app { code } } memberships { program status } programEligibility(program: "APASS") { eligible } } }');
    expect(res.data!.member.displayName).toBe('Wang Fang');
    expect(res.data!.member.accounts.map((a: any) => a.app.code)).toEqual(['ALIPAY', 'FLIGGY', 'NETEASE_MUSIC', 'TAOBAO', 'TMALL']);
    expect([...res.data!.member.memberships].sort((a: any, b: any) => a.program.localeCompare(b.program))).toEqual([{ program: '88VIP', status: 'ACTIVE' }, { program: 'APASS', status: 'ACTIVE' }]);
    expect(res.data!.member.programEligibility.eligible).toBe(true);
    // Regression: demo account ids embedded the external id that masking hides from analysts.
    const ids = await api.gql('{ member(id: "demo-member-01") { accounts { id externalId } } }');
    for (const account of ids.data!.member.accounts) expect(account.id).not.toContain(account.externalId);
    // Regression: demo links listed derived keys (PHONE~, EMAIL~) among their rules.
    const rules = await api.gql('{ member(id: "demo-member-02") { accounts { link { rules } } } }');
    expect(rules.data!.member.accounts.flatMap((a: any) => a.link.rules).filter((rule: string) => rule.endsWith('~'))).toEqual([]);
    expect(rules.data!.member.accounts.flatMap((a: any) => a.link.rules)).toContain('PHONE');
    const apps = new Set(DEMO_PEOPLE.flatMap((p) => p.accounts.map((a) => a.app)));
    expect(apps.size).toBe(12);
    expect(await removeDemoGraph(api.db)).toBe(DEMO_PEOPLE.length + DEMO_PEOPLE.reduce((n, p) => n + p.accounts.length, 0));
    expect((await api.gql('{ member(id: "demo-member-02") { id } }')).data!.member).toBeNull();
  });
});
