import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { statement, Named } from '../../src/platform/neo4j/cypher';
import { startTestApi, TestApi, unique, uniqueCity, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { deleteAccountsByPrefix, inline } from '../support/graph';
import { bearer, TEST_SECRET, token } from '../support/tokens';

/**
 * The analysts' explorer in Debian's Chromium (apt-get install chromium), driven by playwright-core: the page is
 * built with Vite, served by the API, and must work with nothing but this server.
 */
const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const seedBrands = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);

const run = unique('xp');
const industry = `industry-${run}`;
const brandId = `brand-${run}`;
const brandName = `AAA Explorer ${run}`;
const tagBoth = `${run}-both`;
const tagOne = `${run}-one`;

let api: TestApi;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let analystToken: string;
let admin: Record<string, string>;
/** Requests the page tried to send anywhere but this server, and what the browser reported on its console. */
const outside: string[] = [];
const requested: string[] = [];
const problems: string[] = [];
let memberId = '';
let taobao = { app: 'TAOBAO', externalId: '' };
const stranger = { app: 'AMAP', externalId: `${run}-stranger` };
const tablet = `tablet-${run}`;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium), as .ci/run does`);
  // The page under test is the one npm run build makes.
  execFileSync('npm', ['run', '--silent', 'build:explorer'], { cwd: ROOT, stdio: 'pipe' });
  api = await startTestApi({ AUTH_JWT_SECRET: TEST_SECRET });
  origin = new URL(api.url).origin;
  admin = bearer(await token({ role: 'admin', sub: 'ops-explorer' }, { expiresIn: '10m' }));
  analystToken = await token({ role: 'analyst', sub: 'analyst-explorer' }, { expiresIn: '10m' });

  // A member with three linked accounts (one phone), a second member, both tagged, and a purchase at a new brand.
  const phone = uniquePhone();
  const city = uniqueCity();
  const refs = ['TAOBAO', 'ELEME', 'YOUKU'].map((app) => ({ app, externalId: `${run}-${app.toLowerCase()}` }));
  for (const ref of refs) {
    const device = ref.app === 'TAOBAO' ? [{ kind: 'DEVICE_ID', value: tablet }] : [];
    const data = await api.ok(UPSERT_MEMBER, { input: { ...ref, displayName: 'Qian Lan', birthDate: '1991-05-06', city, identifiers: [{ kind: 'PHONE', value: phone }, ...device] } }, admin);
    memberId = data.upsertAccount.member.id;
  }
  taobao = refs[0];
  // Someone else on the TAOBAO account's tablet: a shared device links no one, exploring it reaches them.
  await api.ok(UPSERT_MEMBER, { input: { ...stranger, displayName: 'Hu Jun', identifiers: [{ kind: 'DEVICE_ID', value: tablet }] } }, admin);
  const other = await api.ok(UPSERT_MEMBER, { input: { app: 'TMALL', externalId: `${run}-other`, identifiers: [{ kind: 'PHONE', value: uniquePhone() }] } }, admin);
  const tag = 'mutation($id: ID!, $tags: [String!]!) { tagMember(memberId: $id, tags: $tags) { id } }';
  // Same name, birth date and city, no shared identifier: profile evidence alone goes to review.
  await api.ok(UPSERT_MEMBER, { input: { app: 'TMALL', externalId: `${run}-lookalike`, displayName: 'Qian Lan', birthDate: '1991-05-06', city, identifiers: [] } }, admin);
  await api.ok(tag, { id: memberId, tags: [tagBoth, tagOne] }, admin);
  await api.ok(tag, { id: other.upsertAccount.member.id, tags: [tagBoth] }, admin);
  await api.db.writeOne(seedBrands, { brands: [{ id: brandId, name: brandName, industry, luxury: false, participatesIn: [], stores: [{ app: 'TAOBAO' }] }] });
  const record = 'mutation($input: EventInput!) { recordEvent(input: $input) }';
  await api.ok(record, { input: { ref: taobao, type: 'JOIN_BRAND', at: '2000-12-31T10:00:00Z', brandId } }, admin);
  await api.ok(record, { input: { ref: taobao, type: 'PURCHASE', at: '2001-01-01T10:00:00Z', brandId, amount: 120 } }, admin);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requested.push(url);
    if (new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The one expected failure: the first test loads the page without a token (401).
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (api) {
    await api.db.writeOne(deleteAccountsByPrefix, { prefix: run });
    await api.db.writeOne(inline('test/delete-brand', 'MATCH (b:Brand {id: $id}) OPTIONAL MATCH (s:Store)-[:OF_BRAND]->(b) DETACH DELETE b, s'), { id: brandId });
    await api.stop();
  }
});

const text = (selector: string) => page.locator(selector).innerText();

describe('the explorer page', () => {
  it('is served with a self-only CSP, and says so when the token is missing', async () => {
    const response = await page.goto(`${origin}/explorer`);
    expect(response!.status()).toBe(200);
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    await expect(page.locator('#segment-count[data-state="error"]').innerText()).resolves.toContain('Not signed in');
    // Only the built files are served: no path out of the build folder, nothing that is not there.
    for (const probe of ['/explorer/assets/..%2F..%2F..%2Fpackage.json', '/explorer/assets/missing.js', '/explorer/assets/']) {
      expect((await fetch(`${origin}${probe}`)).status).toBe(404);
    }
  });

  it('keeps the token in sessionStorage and loads the lists with it', async () => {
    await page.fill('#token', analystToken);
    await page.press('#token', 'Enter');
    await expect(text('#token-status')).resolves.toContain('Token for analyst');
    expect(await page.evaluate("sessionStorage.getItem('explorer.token')")).toBe(analystToken);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await page.locator(`#seg-tag-0-0 option[value="${tagBoth}"]`).waitFor({ state: 'attached' });
  });

  it('says so when no member has the id', async () => {
    await page.fill('#member-id', `${run}-nobody`);
    await page.press('#member-id', 'Enter');
    await expect(page.locator('#cluster-status[data-state="empty"]').innerText()).resolves.toContain('No member has the id');
  });

  it('tells an analyst that looking an account up by external id is for admins (an answer would unmask it)', async () => {
    await page.fill('#account-app', 'taobao');
    await page.fill('#account-id', taobao.externalId);
    await page.press('#account-id', 'Enter');
    await expect(page.locator('#cluster-status[data-state="error"]').innerText()).resolves.toContain('for admins: analysts search by member id');
  });

  it('searches a member, draws its cluster with masked identifiers, and explains a link as a waterfall', async () => {
    await page.fill('#member-id', memberId);
    await page.press('#member-id', 'Enter');
    await page.locator('#cluster-status[data-state="ok"]').waitFor();
    await expect(text('#cluster-status')).resolves.toContain('3 accounts on 3 apps');
    expect(await page.locator('#graph').getAttribute('data-member')).toBe(memberId);

    const rows = page.locator('#cluster-tables table').first().locator('tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    const table = await page.locator('#cluster-tables table').first().innerText();
    // Analysts read external ids and identifiers masked, never the raw phone.
    expect(table).toMatch(/ELEME\s+x\*\*\*/);
    expect(table).not.toContain(taobao.externalId);
    expect(table).toMatch(/PHONE 199\*\*\*\*\d{4}/);
    expect(table).toContain('DETERMINISTIC');

    // The graph is drawn: Cytoscape's canvases hold painted pixels.
    const painted = await page.evaluate(`[...document.querySelectorAll('#graph canvas')].reduce((sum, canvas) => {
      const context = canvas.width ? canvas.getContext('2d') : null;
      if (!context) return sum;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return sum + n;
    }, 0)`);
    expect(painted).toBeGreaterThan(1000);

    // Keyboard only: focus the ELEME row's "Explain link" and press Enter: what made the link, as it was then.
    const explain = rows.filter({ hasText: 'ELEME' }).getByRole('button', { name: /Explain the link/ });
    await explain.focus();
    await page.keyboard.press('Enter');
    const kept = page.locator('#details [data-testid="link-evidence"]');
    await kept.waitFor();
    const eleme = await api.ok(
      'query($ref: AccountRef!) { account(ref: $ref) { id link { purposes evidence { accountId score hits { rule weight } } } } }',
      { ref: { app: 'ELEME', externalId: `${run}-eleme` } },
      admin,
    );
    const purposes: string[] = eleme.account.link.purposes;
    await expect(page.locator('#details dl.facts').innerText()).resolves.toMatch(new RegExp(`Purposes\\s+${purposes.join(', ') || 'none'}`));
    // ELEME came second: it was decided against the TAOBAO account, on the phone they share.
    const taobaoId = (await api.ok('query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref: taobao }, admin)).account.id;
    expect(eleme.account.link.evidence.accountId).toBe(taobaoId);
    await expect(kept.innerText()).resolves.toMatch(/Decided when the link was made, against TAOBAO x\*\*\*: same PHONE on both accounts/);
    const waterfall = page.locator('#details [data-testid="waterfall"]');
    await expect(waterfall.locator('figcaption').innerText()).resolves.toContain(`decision LINK, score ${(eleme.account.link.evidence.score * 100).toFixed(1)}%`);
    const keptPhone = eleme.account.link.evidence.hits.find((hit: { rule: string }) => hit.rule === 'PHONE').weight as number;
    expect(keptPhone).toBeGreaterThan(0);
    await expect(waterfall.locator('tbody tr').filter({ hasText: 'PHONE' }).innerText()).resolves.toContain(`+${keptPhone.toFixed(2)}`);
    await expect(waterfall.locator('tbody tr').first().innerText()).resolves.toContain('PRIOR');

    // Scored now against another account: said as such, and what explainMatchByIds answers.
    const youku = (await api.ok('query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref: { app: 'YOUKU', externalId: `${run}-youku` } }, admin)).account.id;
    await page.selectOption('#explain-other', youku);
    await page.locator('#details figcaption', { hasText: '(now)' }).waitFor();
    await expect(page.locator('#details [data-testid="no-link-evidence"]').innerText()).resolves.toContain('Scored now, not what made the link');
    const expected = (await api.ok('query($a: ID!, $b: ID!) { explainMatchByIds(a: $a, b: $b) { decision score } }', { a: eleme.account.id, b: youku }, bearer(analystToken))).explainMatchByIds;
    const caption = await page.locator('#details [data-testid="waterfall"] figcaption').innerText();
    expect(caption).toContain(`decision ${expected.decision}`);
    expect(caption).toContain(`score ${(expected.score * 100).toFixed(1)}%`);
    await page.locator('#explain-other').focus();
    await page.selectOption('#explain-other', '');
    await kept.waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('details-title');
  });

  it('opens an explanation by clicking a link in the graph, and expands a node by clicking it', async () => {
    // Where Cytoscape drew an element, from the instance it registers on its container, in page coordinates.
    const at = (selector: string, kind: 'node' | 'edge') =>
      page.evaluate(`(() => {
        const container = document.getElementById('graph');
        const element = container._cyreg.cy.$(${JSON.stringify(selector)});
        const p = ${JSON.stringify(kind)} === 'edge' ? element.renderedMidpoint() : element.renderedPosition();
        const box = container.getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      })()`) as Promise<{ x: number; y: number }>;
    const youku = await api.ok('query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref: { app: 'YOUKU', externalId: `${run}-youku` } }, admin);
    const link = await at(`#link\\:${youku.account.id}`, 'edge');
    await page.mouse.click(link.x, link.y);
    await page.locator('#details figcaption', { hasText: /^YOUKU x\*\*\* and / }).waitFor();

    const node = await at(`#${youku.account.id}`, 'node');
    await page.mouse.click(node.x, node.y);
    await page.locator('#cluster-status', { hasText: /around YOUKU x\*\*\*/ }).waitFor();
    await expect(page.locator('#cluster-tables table').first().locator('tbody tr', { hasText: 'YOUKU' }).getByRole('button', { name: /Expand the neighborhood/ }).innerText()).resolves.toBe('Expand again');
  });

  it('expands a node into its neighborhood', async () => {
    const rows = page.locator('#cluster-tables table').first().locator('tbody tr');
    await rows.filter({ hasText: 'TAOBAO' }).getByRole('button', { name: /Expand the neighborhood/ }).click();
    await page.locator('#cluster-status', { hasText: /Added \d+ nodes? around TAOBAO/ }).waitFor();
    const others = await page.locator('#cluster-tables table').nth(1).innerText();
    expect(others).toMatch(/Identifier\s+PHONE 199\*\*\*\*\d{4}/);
    expect(others).toMatch(/Event\s+PURCHASE 2001-01-01/);
  });

  it('expands a shared identifier into the other accounts that carry it', async () => {
    const others = page.locator('#cluster-tables table').nth(1);
    await others.locator('tbody tr', { hasText: 'DEVICE_ID' }).getByRole('button', { name: /Expand the neighborhood/ }).click();
    await page.locator('#cluster-status', { hasText: /Added 1 node around DEVICE_ID/ }).waitFor();
    await expect(others.innerText()).resolves.toMatch(/Account\s+AMAP x\*\*\*/);
    // The TAOBAO account's phone is on the member's three accounts: expanding it finds nothing new, and no error.
    await others.locator('tbody tr', { hasText: /PHONE 199/ }).getByRole('button', { name: /Expand the neighborhood/ }).click();
    await page.locator('#cluster-status[data-state="empty"]', { hasText: /Nothing new around PHONE 199\*\*\*\*\d{4} \(on 3 accounts\)/ }).waitFor();
    expect(await page.locator('#cluster-status').innerText()).not.toContain('was not found');
    expect(await others.innerText()).not.toContain('~');
  });

  it('finds the path between two accounts, with the evidence of each step', async () => {
    // Analysts name accounts by the ids the API gave them (they never see raw external ids).
    const ids = await api.ok('query($a: AccountRef!, $b: AccountRef!) { a: account(ref: $a) { id } b: account(ref: $b) { id } }', { a: taobao, b: stranger }, admin);
    await page.fill('#path-a-id', ids.a.id);
    await page.fill('#path-b-id', ids.b.id);
    await page.click('#path-form button');
    await page.locator('#path-status[data-state="ok"]').waitFor();
    await expect(text('#path-status')).resolves.toBe('2 steps from TAOBAO x*** to AMAP x***.');
    const steps = await page.locator('#path-result tbody tr').allInnerTexts();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/carries DEVICE_ID .+, which 2 accounts carry/);
    await page.fill('#path-b-id', `${run}-nobody`);
    await page.click('#path-form button');
    await page.locator('#path-status[data-state="empty"]').waitFor();
  });

  it('builds a segment with and/not and counts it live', async () => {
    await page.selectOption('#seg-tag-0-0', tagBoth);
    await page.locator('#segment-count[data-count="2"]').waitFor();
    await page.click('#seg-addtag-0');
    await page.selectOption('#seg-tag-0-1', tagOne);
    await page.locator('#segment-count[data-count="1"]').waitFor();
    await page.check('#seg-not-0-1');
    await page.locator('#segment-count[data-count="1"]').waitFor();
    await expect(text('#segment-expr')).resolves.toBe(`Segment: (${tagBoth} AND NOT ${tagOne})`);
    const direct = await api.ok('query($e: SegmentExpr!) { segment(expr: $e) { count } }', { e: { and: [{ tag: tagBoth }, { not: { tag: tagOne } }] } }, bearer(analystToken));
    expect(direct.segment.count).toBe(1);
    await page.selectOption('#seg-op-0', 'or');
    await page.locator('#segment-count[data-state="ok"]', { hasText: /\d+ members/ }).waitFor();
    await expect(text('#segment-expr')).resolves.toBe(`Segment: (${tagBoth} OR NOT ${tagOne})`);
  });

  it("charts a brand's AIPL funnel and ranks its industry", async () => {
    await page.selectOption('#funnel-brand', brandId);
    await page.fill('#funnel-from', '2001-01-01');
    await page.fill('#funnel-to', '2001-01-02');
    await page.click('#funnel-form button');
    await page.locator('#funnel-status[data-state="ok"]').waitFor();
    await expect(page.locator('#funnel-chart svg.funnel g.stage').count()).resolves.toBe(4);
    const FUNNEL = 'query($b: ID!, $from: DateTime, $to: DateTime) { aiplFunnel(brandId: $b, from: $from, to: $to) { stages { stage members accounts } } }';
    const { aiplFunnel } = await api.ok(FUNNEL, { b: brandId, from: '2001-01-01T00:00:00.000Z', to: '2001-01-02T00:00:00.000Z' }, bearer(analystToken));
    expect(aiplFunnel.stages.reduce((n: number, s: { members: number }) => n + s.members, 0)).toBe(1);
    const shown = await page.locator('#funnel-chart tbody tr').allInnerTexts();
    expect(shown.map((row) => row.split(/\s+/).join(' '))).toEqual(aiplFunnel.stages.map((s: { stage: string; members: number; accounts: number }) => `${s.stage} ${s.members} ${s.accounts}`));

    await page.selectOption('#leaderboard-industry', industry);
    await page.selectOption('#leaderboard-metric', 'FIRST_PURCHASE');
    await page.fill('#leaderboard-from', '2001-01-01');
    await page.fill('#leaderboard-to', '2001-01-02');
    await page.click('#leaderboard-form button');
    await page.locator('#leaderboard-status[data-state="ok"]').waitFor();
    await expect(page.locator('#leaderboard-table tbody tr').first().innerText()).resolves.toMatch(new RegExp(`1\\s+${brandName}\\s+1\\s+TAOBAO 1`));
  });

  it('lists the review queue, with accept and reject for admins only', async () => {
    // Other test files' reviews share the queue: this file's pair is asked for by its look-alike account's id.
    const lookalike = await api.ok('query($ref: AccountRef!) { account(ref: $ref) { id } }', { ref: { app: 'TMALL', externalId: `${run}-lookalike` } }, admin);
    await page.fill('#review-account', lookalike.account.id);
    await page.click('#review-form button');
    await page.locator('#review-status-line[data-state="ok"]').waitFor();
    await expect(text('#review-status-line')).resolves.toContain('Only admins may accept or reject');
    expect(await page.locator('#review-list tbody tr').count()).toBeGreaterThan(0);
    // Readable by a person: both sides' names and apps (masked for analysts), and only the comparisons that moved the score.
    const pair = await page.locator('#review-list tbody tr').first().innerText();
    expect(pair).toMatch(/Q\*\*\* \(TMALL x\*\*\*\)\s+Q\*\*\* \((TAOBAO|ELEME|YOUKU) x\*\*\*\)/);
    expect(pair).toContain('same birth date (+');
    expect(pair).not.toMatch(/no PHONE on one of the accounts/);
    expect(await page.locator('#review-list button.accept').count()).toBe(0);

    await page.fill('#token', await token({ role: 'admin', sub: 'ops-explorer' }, { expiresIn: '10m' }));
    await page.press('#token', 'Enter');
    await page.click('#review-form button');
    await page.locator('#review-list button.accept').first().waitFor();
    await expect(text('#review-status-line')).resolves.not.toContain('Only admins');
  });

  it('sent nothing off this machine, broke no CSP rule, and leaves a screenshot', async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'explorer.png');
    await page.locator('#segment-count:not([data-state="loading"])').waitFor();
    await page.locator('#cluster-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    expect(outside).toEqual([]);
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.every((url) => url.startsWith(`${origin}/`))).toBe(true);
    expect(problems).toEqual([]);
  });
});
