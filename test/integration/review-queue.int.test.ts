import 'reflect-metadata';
import { ingestAccount } from '../../src/identity/ingest.service';
import { MatchDecision } from '../../src/identity/matching.rules';
import { listReviews } from '../../src/identity/review.repository';
import { acceptReview, rejectReview } from '../../src/identity/review.service';
import { mergeMembersByOperator } from '../../src/identity/link.service';
import { IdentifierKind } from '../../src/identity/identifier.kind';
import { startTestApi, TestApi, testConfig, unique, uniqueCity, uniquePhone } from '../support/api';
import { inline } from '../support/graph';
import { finishedOrBlocked, pausedBefore, untilBlocked } from '../support/interleave';

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

  /** Two lookalike accounts on two members, and the review queued between them. */
  async function queuedPair() {
    const city = uniqueCity();
    const name = `Qa${unique('').slice(1, 7)} Zo${unique('').slice(1, 7)}`;
    const account = (app: string) => ({ app, externalId: unique(), displayName: name, birthDate: '1933-04-05', city, identifiers: [] });
    const first = await ingestAccount(api.db, config, account('TAOBAO'));
    const second = await ingestAccount(api.db, config, account('TMALL'));
    expect(second.decision).toBe(MatchDecision.REVIEW);
    const [review] = await listReviews(api.db, 'OPEN', 10, second.account.id);
    return { a: first.account.id, b: second.account.id, members: [first.memberId, second.memberId], reviewId: review.id };
  }
  const settle = (decision: Promise<unknown>) =>
    decision.then(
      () => 'OK',
      (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error),
    );
  const pairState = inline(
    'test/review-pair-state',
    `MATCH (a:Account {id: $a})-[:BELONGS_TO]->(ma:Member), (b:Account {id: $b})-[:BELONGS_TO]->(mb:Member), (r:MatchCandidate {id: $reviewId})
     RETURN ma = mb AS together, EXISTS { (a)-[:DO_NOT_LINK]->(:Member) } OR EXISTS { (b)-[:DO_NOT_LINK]->(:Member) } AS forbidden, r.status AS status,
            COUNT { (e:AuditEvent)-[:CONCERNS]->(ma) WHERE e.type STARTS WITH 'REVIEW_' } AS decisions`,
  );

  const doNotLinkFacts = inline(
    'test/do-not-link-facts',
    `MATCH (a:Account {id: $a}), (b:Account {id: $b})
     RETURN COUNT { (a)-[:DO_NOT_LINK]->(:MergedMember) } + COUNT { (b)-[:DO_NOT_LINK]->(:MergedMember) } AS onMergedAway,
            [(a)-[:DO_NOT_LINK]->(m:Member) | m.id] AS fromA, [(b)-[:DO_NOT_LINK]->(m:Member) | m.id] AS fromB`,
  );

  it('decides a review once when operators accept and reject it at once (both used to succeed: merged, yet audited as rejected)', async () => {
    const pair = await queuedPair();
    // The rejection has read the review as open when the acceptance runs; then it goes on.
    const rejection = pausedBefore(api.db, 'identity/forbid-pair');
    const rejecting = settle(rejectReview(rejection.db, pair.reviewId, 'two people'));
    await rejection.reached;
    const accepting = settle(acceptReview(api.db, config, pair.reviewId));
    await finishedOrBlocked(api.db, 'acceptMatch', accepting);
    rejection.release();

    const outcomes = await Promise.all([accepting, rejecting]);
    expect([...outcomes].sort()).toEqual(['CONFLICT', 'OK']);
    const [state] = await api.db.readOne(pairState, pair);
    expect(state).toEqual(
      outcomes[0] === 'OK'
        ? { together: true, forbidden: false, status: 'ACCEPTED', decisions: 1 }
        : { together: false, forbidden: true, status: 'REJECTED', decisions: 1 },
    );
  });

  it('accepts a review once when two operators accept it at once (the second used to succeed and audit it again)', async () => {
    const pair = await queuedPair();
    const slower = pausedBefore(api.db, 'identity/lock-members');
    const second = settle(acceptReview(slower.db, config, pair.reviewId));
    await slower.reached;
    const first = settle(acceptReview(api.db, config, pair.reviewId));
    await finishedOrBlocked(api.db, 'acceptMatch', first);
    slower.release();

    expect((await Promise.all([first, second])).sort()).toEqual(['CONFLICT', 'OK']);
    const [state] = await api.db.readOne(pairState, pair);
    expect(state).toEqual({ together: true, forbidden: false, status: 'ACCEPTED', decisions: 1 });
  });

  it("writes a rejection's do-not-link facts on live members when a merge runs at once (they landed on the member merged away, where nothing reads them)", async () => {
    const pair = await queuedPair();
    const phone = [{ kind: IdentifierKind.PHONE, value: uniquePhone() }];
    await ingestAccount(api.db, config, { app: 'YOUKU', externalId: unique(), identifiers: phone });
    const third = await ingestAccount(api.db, config, { app: 'FLIGGY', externalId: unique(), identifiers: phone });
    // The merge has locked both members and is about to move the candidate's member into the third one when the
    // rejection starts; the rejection waits for it.
    const merge = pausedBefore(api.db, 'identity/merge-members');
    const merging = settle(mergeMembersByOperator(merge.db, config, [pair.members[1], third.memberId]));
    await merge.reached;
    const rejecting = settle(rejectReview(api.db, pair.reviewId, 'two people'));
    await untilBlocked(api.db, 'rejectMatch');
    merge.release();

    expect(await Promise.all([merging, rejecting])).toEqual(['OK', 'OK']);
    const [facts] = await api.db.readOne(doNotLinkFacts, pair);
    expect(facts).toEqual({ onMergedAway: 0, fromA: [third.memberId], fromB: [pair.members[0]] });
  });

  it("refuses to accept a review whose account's member is merged into another meanwhile (the account was moved out of that member, unannounced)", async () => {
    const pair = await queuedPair();
    // A member with more accounts, so that it survives the merge and the candidate's member is the one merged away.
    const phone = [{ kind: IdentifierKind.PHONE, value: uniquePhone() }];
    await ingestAccount(api.db, config, { app: 'YOUKU', externalId: unique(), identifiers: phone });
    const third = await ingestAccount(api.db, config, { app: 'FLIGGY', externalId: unique(), identifiers: phone });
    // The acceptance has read both accounts' members, not locked them yet, when the subject's member merges away.
    const acceptance = pausedBefore(api.db, 'identity/lock-members');
    const accepting = settle(acceptReview(acceptance.db, config, pair.reviewId));
    await acceptance.reached;
    await mergeMembersByOperator(api.db, config, [pair.members[1], third.memberId]);
    acceptance.release();

    expect(await accepting).toBe('CONFLICT');
    const [state] = await api.db.readOne(pairState, pair);
    expect(state).toMatchObject({ together: false, status: 'OPEN' });
  });
});
