import { describe as describeExpr, Group, toSegmentExpr } from '../../web/explorer/src/segment.expr';
import { waterfallSteps } from '../../web/explorer/src/waterfall.rules';

const tag = (name: string, negated = false) => ({ kind: 'tag' as const, tag: name, negated });
const group = (op: 'and' | 'or', terms: Group['terms'], negated = false): Group => ({ kind: 'group', op, negated, terms });

describe('the explorer segment builder', () => {
  it('turns the builder tree into the API SegmentExpr, skipping blank tags and empty groups', () => {
    const tree = group('and', [tag('88vip'), tag('region:hangzhou', true), tag(''), group('or', [tag('app:eleme'), tag('app:youku')]), group('or', [])]);
    const expr = toSegmentExpr(tree);
    expect(expr).toEqual({ and: [{ tag: '88vip' }, { not: { tag: 'region:hangzhou' } }, { or: [{ tag: 'app:eleme' }, { tag: 'app:youku' }] }] });
    expect(describeExpr(expr!)).toBe('(88vip AND NOT region:hangzhou AND (app:eleme OR app:youku))');
  });

  it('answers null while no tag is chosen, and unwraps a group of one term', () => {
    expect(toSegmentExpr(group('and', [tag('')]))).toBeNull();
    expect(toSegmentExpr(group('or', [tag('recurring-buyer')], true))).toEqual({ not: { tag: 'recurring-buyer' } });
  });
});

describe('the explanation waterfall', () => {
  it("draws the server's steps in order, each from where the previous one left the probability, with the hit's evidence", () => {
    const step = (rule: string, weight: number, cumulativeWeight: number, probability: number, level: string | null = 'EXACT') => ({ rule, level, weight, tfAdjustment: 0, cumulativeWeight, probability });
    const steps = waterfallSteps(
      [step('PRIOR', -7, -7, 0.0077, null), step('PHONE', 9.5, 2.5, 0.85), step('BIRTH_DATE', -3, -0.5, 0.41, 'DIFFERENT')],
      [{ rule: 'PHONE', detail: 'same PHONE on both accounts' }, { rule: 'BIRTH_DATE', detail: 'different birth dates' }],
    );
    expect(steps.map((s) => s.rule)).toEqual(['PRIOR', 'PHONE', 'BIRTH_DATE']);
    expect(steps[0]).toMatchObject({ from: 0, to: 0.0077 });
    expect(steps[1]).toMatchObject({ from: 0.0077, to: 0.85, detail: 'same PHONE on both accounts' });
    expect(steps[2]).toMatchObject({ from: 0.85, to: 0.41, detail: 'different birth dates' });
    expect(steps[0].detail).toMatch(/before any comparison/);
  });
});
