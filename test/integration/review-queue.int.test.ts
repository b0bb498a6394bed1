import 'reflect-metadata';
import { ingestAccount } from '../../src/identity/ingest.service';
import { MatchDecision } from '../../src/identity/matching.rules';
import { listReviews } from '../../src/identity/review.repository';
import { startTestApi, TestApi, testConfig, unique, uniqueCity } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 150_000);
afterAll(() => api.stop());

const config = testConfig();

describe('the review queue', () => {
  it('leaves out reviews whose accounts are gone before it cuts the page, so open pairs below them are still listed', async () => {
    const city = uniqueCity();
    const name = `Qa${unique('').slice(1, 7)} Zo${unique('').slice(1, 7)}`;
    const account = (app: string) => ({ app, externalId: unique(), displayName: name, birthDate: '1933-04-05', city, identifiers: [] });
    await ingestAccount(api.db, config, account('TAOBAO'));
    const lookalike = await ingestAccount(api.db, config, account('TMALL'));
    expect(lookalike.decision).toBe(MatchDecision.REVIEW);
    // Reviews above every real one whose accounts were deleted (as a test's clean-up or a manual repair would).
    const prefix = unique('orphan-');
    await api.db.writeOne(
      { name: 'test/orphan-reviews', text: `UNWIND range(1, 5) AS i CREATE (:MatchCandidate {id: $prefix + i, pairKey: $prefix + i, status: 'OPEN', score: 2.0, createdAt: datetime(), hits: '[]'})` },
      { prefix },
    );
    try {
      const page = await listReviews(api.db, 'OPEN', 3, null);
      expect(page.length).toBeGreaterThan(0);
      expect(page.every((r) => r.subject && r.other)).toBe(true);
    } finally {
      await api.db.writeOne({ name: 'test/orphan-reviews-gone', text: 'MATCH (r:MatchCandidate) WHERE r.id STARTS WITH $prefix DELETE r' }, { prefix });
    }
  });
});
