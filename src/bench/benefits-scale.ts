import 'reflect-metadata';
import { startApi } from '../app/app';
import { ingestAccount } from '../identity/ingest.service';
import { IdentifierKind } from '../identity/identifier.kind';
import { APPS } from '../identity/app.registry';
import { joinProgram, redeemBenefit } from '../membership/membership.service';
import { logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { openBenchDatabase, percentile, table } from './bench.database';

const seedBrands = statement<Named<'brands'>>('catalog/seed-brands', ['brands']);
const seedBenefits = statement<Named<'benefits'>>('membership/seed-benefits', ['benefits']);
const memberStanding = statement<Named<'ids' | 'yearStart' | 'monthStart'>>('membership/member-standing', ['ids', 'yearStart', 'monthStart']);
const benefitCatalog = statement('membership/benefit-catalog', []);

const BRANDS = 1388;
const EXTRA_BENEFITS = 300;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

const QUERY = `query($id: ID!) { member(id: $id) { benefits { eligible reasons remainingUses benefit { id name scenario app { code } } } } }`;

function progress(label: string, done: number, total: number): void {
  if (done === total || done % Math.max(1, Math.floor(total / 10)) === 0) process.stderr.write(`  ${label}: ${done}/${total}\n`);
}

/**
 * Member.benefits for a member with 10 linked accounts against a catalog of hundreds of benefits and 1,388
 * participating brands: statements per request (constant) and latency over HTTP, next to the same statements run
 * directly through the driver in the same process.
 */
async function main(): Promise<void> {
  logger.level = 'warn';
  const bench = await openBenchDatabase('benefits', { NEO4J_HEAP: '1g', NEO4J_PAGECACHE: '512m' });
  try {
    const { db, config } = bench;
    process.stderr.write(`seeding ${BRANDS} brands and ${EXTRA_BENEFITS} more benefits...\n`);
    const brands = Array.from({ length: BRANDS }, (_, i) => ({ id: `bench-brand-${i}`, name: `Brand ${i}`, industry: ['beauty', 'apparel', 'luxury', 'food'][i % 4], participatesIn: ['88VIP'] }));
    await db.writeOne(seedBrands, { brands });
    const periods = ['MONTH', 'YEAR', 'ONCE', null];
    const benefits = Array.from({ length: EXTRA_BENEFITS }, (_, i) => {
      const app = APPS[i % APPS.length];
      const period = periods[i % periods.length];
      return {
        id: `bench-benefit-${i}`, name: `Benefit ${i}`, program: i % 10 === 0 ? 'APASS' : '88VIP', scenario: app.scenario, app: app.code,
        brandId: i % 7 === 0 ? `bench-brand-${i}` : null, participatingBrands: i % 13 === 0, value: 10, valueUnit: 'RMB',
        usageLimit: period ? 1 + (i % 5) : null, period, validFrom: null, validTo: null,
      };
    });
    await db.writeOne(seedBenefits, { benefits });

    process.stderr.write('making a member with 10 linked accounts, 88VIP and redemptions...\n');
    const apps = APPS.slice(0, 10).map((a) => a.code);
    let memberId = '';
    for (const [i, app] of apps.entries()) {
      const outcome = await ingestAccount(db, config, { app, externalId: `bench-${app}`, identifiers: [{ kind: IdentifierKind.PHONE, value: '13912345678' }] });
      memberId = outcome.memberId;
      progress('accounts', i + 1, apps.length);
    }
    await joinProgram(db, config, memberId, '88VIP', 'bench-payment', 'bench');
    const redeemable = benefits.filter((b) => b.program === '88VIP' && apps.includes(b.app)).slice(0, 40);
    for (const [i, b] of redeemable.entries()) {
      await redeemBenefit(db, config, { app: b.app, externalId: `bench-${b.app}` }, b.id, `bench-key-${i}`, 'bench').catch(() => undefined);
    }

    const api = await startApi({ ...config, port: 0 }, db);
    const url = `http://127.0.0.1:${api.port}/graphql`;
    const ask = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { id: memberId } }) });
      const body = (await res.json()) as { data?: { member: { benefits: unknown[] } }; errors?: unknown };
      if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const raw = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      await Promise.all([
        db.readOne(memberStanding, { ids: [memberId], monthStart: new Date(Date.now() - 31 * 86_400_000).toISOString(), yearStart: new Date(Date.now() - 365 * 86_400_000).toISOString() }),
        db.readOne(benefitCatalog),
      ]);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };

    for (let i = 0; i < 20; i++) {
      await ask();
      await raw();
    }
    const before = db.statementsRun;
    await ask();
    const statementsPerRequest = db.statementsRun - before;
    const benefitCount = ((await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { id: memberId } }) })).json()) as any).data.member.benefits.length;

    const api_ms: number[] = [];
    const raw_ms: number[] = [];
    process.stderr.write(`measuring ${ROUNDS} rounds, alternating the API and the raw statements...\n`);
    for (let i = 0; i < ROUNDS; i++) {
      api_ms.push(await ask());
      raw_ms.push(await raw());
      progress('rounds', i + 1, ROUNDS);
    }
    await api.stop();
    const median = (xs: number[]) => Math.round(percentile(xs, 50) * 100) / 100;
    const p95 = (xs: number[]) => Math.round(percentile(xs, 95) * 100) / 100;
    process.stdout.write(`\nMember.benefits: member with ${apps.length} linked accounts, ${benefitCount} benefits in the catalog, ${BRANDS} participating brands, ${ROUNDS} rounds\n\n`);
    process.stdout.write(
      table(
        ['what', 'statements per request', 'median ms', 'p95 ms'],
        [
          ['GraphQL Member.benefits over HTTP', statementsPerRequest, median(api_ms), p95(api_ms)],
          ['raw Cypher: the same 2 statements via the driver (baseline)', 2, median(raw_ms), p95(raw_ms)],
        ],
      ) + `\n\nratio of medians (API / raw Cypher): ${(percentile(api_ms, 50) / percentile(raw_ms, 50)).toFixed(2)}\n`,
    );
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
