import { communitiesOf } from '../../src/analytics/propagation.rules';
import { aiplStage, AiplStage } from '../../src/analytics/aipl.rules';
import { windowOf } from '../../src/analytics/analytics.window';
import { captions, evidenceOf, isHub, publicId, startKeys } from '../../src/analytics/exploration.rules';
import { rank } from '../../src/analytics/leaderboard.rules';
import { compileSegment, driverOf, parseSegment } from '../../src/analytics/segment.expr';
import { segmentStatement } from '../../src/analytics/segment.query';
import { ageAt, deriveTags, manualTags, MemberFacts } from '../../src/analytics/tag.rules';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
};

describe('AIPL stage', () => {
  it('is the deepest stage the events reach', () => {
    expect(aiplStage([], false)).toBeNull();
    expect(aiplStage([{ type: 'BOOKING' }, { type: 'PLAY' }], false)).toBeNull();
    expect(aiplStage([{ type: 'EXPOSURE' }], false)).toBe(AiplStage.AWARENESS);
    expect(aiplStage([{ type: 'VIEW' }, { type: 'FOLLOW' }], false)).toBe(AiplStage.INTEREST);
    expect(aiplStage([{ type: 'ADD_TO_CART' }, { type: 'PURCHASE' }], false)).toBe(AiplStage.PURCHASE);
  });

  it('is LOYALTY for a repurchase, a membership or a good review, not for a poor review', () => {
    expect(aiplStage([{ type: 'PURCHASE' }, { type: 'PURCHASE' }], false)).toBe(AiplStage.LOYALTY);
    expect(aiplStage([{ type: 'PURCHASE' }], true)).toBe(AiplStage.LOYALTY);
    expect(aiplStage([{ type: 'VIEW' }], true)).toBe(AiplStage.AWARENESS);
    expect(aiplStage([{ type: 'JOIN_BRAND' }], false)).toBe(AiplStage.LOYALTY);
    expect(aiplStage([{ type: 'REVIEW', rating: 4 }], false)).toBe(AiplStage.LOYALTY);
    expect(aiplStage([{ type: 'REVIEW', rating: 3 }], false)).toBe(AiplStage.INTEREST);
    expect(aiplStage([{ type: 'REVIEW' }], false)).toBe(AiplStage.INTEREST);
  });
});

describe('analytics window', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('defaults to the year up to now and refuses reversed or too long windows', () => {
    expect(windowOf(null, null, now, 400)).toEqual({ from: '2025-06-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' });
    expect(codeOf(() => windowOf(now, new Date('2026-01-01T00:00:00Z'), now, 400))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => windowOf(new Date('2020-01-01T00:00:00Z'), now, now, 400))).toBe('BAD_USER_INPUT');
  });
});

describe('tags', () => {
  it('normalizes tags set by hand and refuses derived or malformed ones', () => {
    expect(manualTags([' VIP-Event ', 'vip-event', 'campaign:11.11'])).toEqual(['vip-event', 'campaign:11.11']);
    for (const bad of [['88vip'], ['region:hangzhou'], ['app:taobao'], ['-x'], ['a b'], [], ['x'.repeat(65)]]) {
      expect(codeOf(() => manualTags(bad))).toBe('INVALID_TAG');
    }
  });

  it('derives region, age band, apps, 88VIP and purchase habits', () => {
    const now = new Date('2026-06-15T00:00:00Z');
    const day = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const facts: MemberFacts = {
      apps: ['TAOBAO', 'ELEME'],
      cities: ['Hangzhou', 'Shanghai', 'Hangzhou'],
      birthDates: ['1990-07-01'],
      vip88Until: day(-30),
      purchases: [
        { at: day(5), amount: 30, luxury: false },
        { at: day(40), amount: 60, luxury: false },
        { at: day(80), amount: 90, luxury: true },
        { at: day(400), amount: 9000, luxury: true },
      ],
    };
    expect(deriveTags(facts, now)).toEqual(['88vip', 'age:35-44', 'app:eleme', 'app:taobao', 'luxury-buyer', 'price-sensitive', 'recurring-buyer', 'region:hangzhou'].sort());
    const quiet = deriveTags({ ...facts, vip88Until: day(1), purchases: [{ at: day(3), amount: 500, luxury: false }], cities: ['Xi an', 'Beijing'] }, now);
    expect(quiet).toEqual(['age:35-44', 'app:eleme', 'app:taobao', 'region:beijing']);
    expect(ageAt('2008-06-16', now)).toBe(17);
    expect(ageAt('not a date', now)).toBeNull();
  });
});

describe('segment expressions', () => {
  it('parses a tree and refuses malformed ones with the path of the problem', () => {
    expect(parseSegment({ and: [{ tag: 'A' }, { not: { tag: 'b' } }] })).toEqual({
      kind: 'and',
      children: [{ kind: 'tag', name: 'a' }, { kind: 'not', child: { kind: 'tag', name: 'b' } }],
    });
    const pathOf = (input: unknown) => {
      try {
        parseSegment(input);
      } catch (error) {
        return (error as { extensions: { code: string; path: string } }).extensions;
      }
      return null;
    };
    expect(pathOf({ and: [{ tag: 'a' }, { or: [{ tag: 'a', not: { tag: 'b' } }] }] })).toEqual({ code: 'INVALID_SEGMENT', path: 'expr.and[1].or[0]' });
    expect(pathOf({ or: [] })).toEqual({ code: 'INVALID_SEGMENT', path: 'expr.or' });
    expect(pathOf({ tag: 'bad tag' })).toEqual({ code: 'INVALID_SEGMENT', path: 'expr.tag' });
    expect(pathOf({ nope: 1 })).toEqual({ code: 'INVALID_SEGMENT', path: 'expr' });
    expect(pathOf({ or: Array.from({ length: 33 }, (_, i) => ({ tag: `t${i}` })) })?.code).toBe('INVALID_SEGMENT');
  });

  const sizes = new Map([
    ['big', 900_000],
    ['mid', 50_000],
    ['small', 40],
    ['gone', -1],
  ]);

  it('drives an and by its smallest tag, an or by all its tags, and scans for a not', () => {
    expect(driverOf(parseSegment({ and: [{ tag: 'big' }, { tag: 'small' }, { not: { tag: 'mid' } }] }), sizes)).toEqual(['small']);
    expect(driverOf(parseSegment({ or: [{ tag: 'mid' }, { tag: 'small' }] }), sizes)).toEqual(['mid', 'small']);
    expect(driverOf(parseSegment({ and: [{ tag: 'big' }, { or: [{ tag: 'mid' }, { tag: 'small' }] }] }), sizes)).toEqual(['mid', 'small']);
    expect(driverOf(parseSegment({ or: [{ tag: 'mid' }, { not: { tag: 'small' } }] }), sizes)).toBeNull();
    expect(driverOf(parseSegment({ not: { tag: 'small' } }), sizes)).toBeNull();
    expect(driverOf(parseSegment({ and: [{ tag: 'gone' }, { tag: 'big' }] }), sizes)).toEqual([]);
  });

  it('compiles to fixed fragments: tag names never enter the text', () => {
    const compiled = compileSegment(parseSegment({ and: [{ tag: 'big' }, { not: { tag: 'gone' } }, { tag: 'small' }] }), sizes, 1_000_000);
    expect(compiled).toMatchObject({ driven: true, bound: ['big', 'small'], driverTags: ['small'], candidates: 40 });
    expect(compiled.predicate).toBe('(EXISTS { (m)-[:HAS_TAG]->(t0) } AND (NOT false) AND EXISTS { (m)-[:HAS_TAG]->(t1) })');
    const text = segmentStatement(compiled, 'count').text;
    expect(text).toContain('MATCH (t0:Tag {name: $tags[0]}), (t1:Tag {name: $tags[1]})');
    expect(text).not.toMatch(/big|small/);
    const scan = compileSegment(parseSegment({ not: { tag: 'mid' } }), sizes, 1_000_000);
    expect(scan).toMatchObject({ driven: false, candidates: 1_000_000 });
    expect(segmentStatement(scan, 'ids').text).toContain('MATCH (m:Member)');
  });
});

describe('leaderboard ranking', () => {
  it('uses competition ranking with ties by name, then id, and cuts deterministically', () => {
    const entries = [
      { id: 'b2', name: 'Beta', value: 5 },
      { id: 'a1', name: 'Alpha', value: 5 },
      { id: 'c', name: 'Gamma', value: 9 },
      { id: 'b1', name: 'Beta', value: 5 },
      { id: 'd', name: 'Delta', value: 0 },
    ];
    expect(rank(entries, 10).map((e) => [e.rank, e.id])).toEqual([
      [1, 'c'],
      [2, 'a1'],
      [2, 'b1'],
      [2, 'b2'],
      [5, 'd'],
    ]);
    expect(rank([...entries].reverse(), 3).map((e) => e.id)).toEqual(['c', 'a1', 'b1']);
  });
});

describe('exploration captions', () => {
  it('masks names and external ids for analysts, never shows an identifier hash', () => {
    expect(captions({ eid: '4:x:1', labels: ['Member'], id: 'm-1', displayName: 'Li Wei' })).toEqual({ caption: 'Li Wei', masked: 'L***' });
    expect(captions({ eid: '4:x:2', labels: ['Account'], id: 'a-1', app: 'ELEME', externalId: 'ele-9' })).toEqual({ caption: 'ELEME ele-9', masked: 'ELEME e***' });
    const identifier = { eid: '4:x:3', labels: ['Identifier'], kind: 'PHONE', masked: '138****1234', sharedBy: 2 };
    expect(captions(identifier).masked).toBe('PHONE 138****1234 (on 2 accounts)');
    expect(publicId(identifier)).toBe('4:x:3');
    expect(publicId({ eid: '4:x:4', labels: ['Tag'], name: '88vip' })).toBe('tag:88vip');
    expect(evidenceOf({ type: 'BELONGS_TO', method: 'DETERMINISTIC', confidence: 0.95, rules: ['PHONE'] }, undefined)).toBe('DETERMINISTIC link (confidence 0.95; rules PHONE)');
    expect(evidenceOf({ type: 'HAS_IDENTIFIER' }, identifier)).toBe('carries PHONE 138****1234, which 2 accounts carry');
  });

  it('looks up every id it gives: tag: and event: ids by name and key, a bare tag name still a tag', () => {
    expect(startKeys('tag:app:TAOBAO')).toEqual({ id: 'tag:app:TAOBAO', tag: 'app:TAOBAO', event: null });
    expect(startKeys('event:k-1')).toEqual({ id: 'event:k-1', tag: 'event:k-1', event: 'k-1' });
    expect(startKeys('4:x:3')).toEqual({ id: '4:x:3', tag: '4:x:3', event: null });
  });

  it('calls tags, brands and stores hubs, and identifiers or items only when widely shared', () => {
    expect(isHub({ eid: '1', labels: ['Tag'], name: 'app:TAOBAO', degree: 3 })).toBe(true);
    expect(isHub({ eid: '2', labels: ['Brand'], id: 'b', degree: 1 })).toBe(true);
    expect(isHub({ eid: '3', labels: ['Identifier'], kind: 'PHONE', degree: 20 })).toBe(false);
    expect(isHub({ eid: '4', labels: ['Identifier'], kind: 'PHONE', degree: 21 })).toBe(true);
    expect(isHub({ eid: '5', labels: ['Member'], id: 'm', degree: 500 })).toBe(false);
  });

  it('says what a link was decided on when it kept its evidence', () => {
    const evidence = JSON.stringify({
      accountId: 'a-1',
      score: 0.94,
      matchWeight: 4,
      priorWeight: -10,
      hits: [
        { rule: 'PHONE', level: 'CLOSE', weight: 8, tfAdjustment: 0, detail: 'a phone one digit apart' },
        { rule: 'EMAIL', level: 'MISSING', weight: 0, tfAdjustment: 0, detail: 'no EMAIL on one of the accounts' },
        { rule: 'CITY', level: 'EXACT', weight: 2, tfAdjustment: 0, detail: 'same city' },
      ],
    });
    expect(evidenceOf({ type: 'BELONGS_TO', method: 'PROBABILISTIC', confidence: 0.94, rules: ['PHONE', 'CITY'], evidence }, undefined)).toBe(
      'PROBABILISTIC link (confidence 0.94; a phone one digit apart; same city)',
    );
  });
});

describe('communitiesOf', () => {
  const row = (memberId: string, community: number, score: number, reached = 1) => ({ memberId, community, score, reached });

  it('names a community by its smallest member id, orders by size then id, and influencers by score, reach, id', () => {
    const rows = [row('m9', 7, 0.5), row('m3', 7, 0.9, 2), row('m5', 2, 0.2), row('m1', 2, 0.2, 3), row('m4', 4, 0.9, 2), row('m2', 4, 0.1)];
    const { communities, influencers } = communitiesOf(rows, 10, 1);
    expect(communities.map((c) => [c.id, c.size])).toEqual([['m1', 2], ['m2', 2], ['m3', 2]]);
    expect(communities.map((c) => c.influencers[0].memberId)).toEqual(['m1', 'm4', 'm3']);
    expect(influencers.map((i) => i.memberId)).toEqual(['m3', 'm4', 'm9', 'm1', 'm5', 'm2']);
    expect(influencers[0].communityId).toBe('m3');
  });

  it('cuts communities and influencers at first', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(`m${String(i).padStart(2, '0')}`, i % 5, i));
    const { communities, influencers } = communitiesOf(rows, 2, 3);
    expect(communities).toHaveLength(2);
    expect(communities[0].influencers).toHaveLength(3);
    expect(influencers.map((i) => i.score)).toEqual([29, 28]);
  });
});
