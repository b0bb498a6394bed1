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
  it('adds hits strongest first as independent evidence, ending at the score the server computes', () => {
    const steps = waterfallSteps([
      { rule: 'CITY', weight: 0.15, detail: 'same city' },
      { rule: 'PHONE', weight: 0.95, detail: 'same phone' },
      { rule: 'DEVICE_ID', weight: 0, detail: 'shared by more than 20 accounts' },
    ]);
    expect(steps.map((s) => s.rule)).toEqual(['PHONE', 'CITY', 'DEVICE_ID']);
    expect(steps[0]).toMatchObject({ from: 0, to: 0.95 });
    expect(steps[1].from).toBeCloseTo(0.95);
    expect(steps[1].to).toBeCloseTo(1 - 0.05 * 0.85);
    expect(steps[2].to).toBeCloseTo(steps[2].from);
  });
});
