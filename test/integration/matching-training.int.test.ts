import 'reflect-metadata';
import { DatabaseHandle, openDatabase } from '../../src/app/app';
import { generateAccounts } from '../../src/bench/people.generate';
import { ingestBatch } from '../../src/identity/ingest.service';
import { blockingKeys } from '../../src/identity/matching.blocking';
import { levelWeight, weightAt } from '../../src/identity/matching.model';
import { readTrainingAccounts } from '../../src/identity/matching.model.repository';
import { scoreMatch } from '../../src/identity/matching.rules';
import { trainModel } from '../../src/identity/matching.training';
import { deleteAccountsByPrefix } from '../support/graph';
import { testConfig, unique } from '../support/api';

// Trains on this suite's accounts as the graph returns them (other suites' accounts in the shared database, such as
// their shop phones under this limit, would change the model), without storing it: a stored model would change what
// other suites' servers load at start-up.
const config = testConfig({ NEO4J_QUERY_TIMEOUT_MS: '60000', OVERSHARED_REEXAMINE_AFTER_INGEST: 'false' });
const prefix = unique('mt');
const options = { randomPairs: 50_000, iterations: 20, seed: 3, maxTermFrequencies: 1000 };
let handle: DatabaseHandle;
const ours = new Set<string>();

beforeAll(async () => {
  handle = await openDatabase(config);
  // No shop phones: in a graph this small a shop's phone stays under IDENTIFIER_MAX_ACCOUNTS, and strangers sharing it
  // rightly make a lone shared phone weak evidence.
  const accounts = generateAccounts({ people: 300, seed: prefix, prefix, noise: 1, shopPhoneRate: 0 });
  for (let i = 0; i < accounts.length; i += 250) {
    for (const outcome of await ingestBatch(handle.db, config, accounts.slice(i, i + 250).map((a) => a.input))) ours.add(outcome.account.id);
  }
}, 300_000);
afterAll(async () => {
  await handle.db.writeOne(deleteAccountsByPrefix, { prefix });
  await handle.close();
});

describe('match:train on the accounts in the graph', () => {
  it('counts the u of shared identifiers over all pairs, so a lone shared phone links whatever the population', async () => {
    const accounts = (await readTrainingAccounts(handle.db)).filter((a) => ours.has(a.id));
    expect(accounts.filter((a) => a.identifiers.length).length).toBeGreaterThan(700);
    const matching = config.matching;
    const model = trainModel(accounts, matching, matching.model, (a, degree) => blockingKeys(a, degree, matching.identifierMaxAccounts), options);
    const phoneCarriers = accounts.filter((a) => a.identifiers.some((i) => i.kind === 'PHONE')).length;
    const carrierPairs = (phoneCarriers * (phoneCarriers - 1)) / 2;
    const degree = new Map<string, number>();
    for (const a of accounts) for (const i of a.identifiers) if (i.kind === 'PHONE') degree.set(i.hash, (degree.get(i.hash) ?? 0) + 1);
    const sharingPairs = [...degree.values()].filter((d) => d <= matching.identifierMaxAccounts).reduce((sum, d) => sum + (d * (d - 1)) / 2, 0);
    // Counted over all pairs of phone carriers: between half a pair and every pair sharing a phone (the strangers
    // among them, by EM, plus half a pair), whatever the random pairs drew.
    expect(model.u.PHONE.EXACT!).toBeGreaterThanOrEqual(0.5 / carrierPairs);
    expect(model.u.PHONE.EXACT!).toBeLessThan((sharingPairs + 0.5) / carrierPairs);
    expect(model.u.PHONE.EXACT!).toBeLessThan((0.5 * sharingPairs) / carrierPairs);
    expect(model.priorWeight + levelWeight(model, 'PHONE', 'EXACT')).toBeGreaterThan(weightAt(matching.linkThreshold));
    const lone = scoreMatch({ displayName: null, birthDate: null, city: null, kinds: ['PHONE'] }, { displayName: null, birthDate: null, city: null, kinds: ['PHONE'] }, [{ kind: 'PHONE', accounts: 2 }], { ...matching, model });
    expect(lone.decision).toBe('LINK');
  }, 300_000);
});
