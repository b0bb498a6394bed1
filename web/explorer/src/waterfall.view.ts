import { h, svg, table } from './dom';
import { Explanation } from './queries';
import { waterfallSteps } from './waterfall.rules';

const WIDTH = 560;
const LABEL = 150;
const ROW = 28;
const BAR = WIDTH - LABEL - 60;

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

const bits = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(2)}`;

/** An explanation as a waterfall: the prior, then each comparison moving the probability of one person up or down. */
export function renderWaterfall(explanation: Explanation, title: string): HTMLElement {
  const steps = waterfallSteps(explanation.waterfall, explanation.hits);
  const rows = steps.length + 1;
  const height = rows * ROW + 24;
  const x = (value: number) => LABEL + value * BAR;
  const chart = svg(
    'svg',
    { class: 'waterfall', viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': `${title}: score ${pct(explanation.score)}, decision ${explanation.decision}` },
    svg('line', { x1: x(0), y1: 0, x2: x(0), y2: rows * ROW, class: 'axis' }),
    svg('line', { x1: x(1), y1: 0, x2: x(1), y2: rows * ROW, class: 'axis' }),
    ...steps.map((step, i) => {
      const y = i * ROW + 4;
      const width = Math.max(Math.abs(x(step.to) - x(step.from)), 2);
      return svg(
        'g',
        { class: step.weight > 0 ? 'step' : step.weight < 0 ? 'step negative' : 'step void' },
        svg('title', {}, `${step.rule}${step.level ? ` (${step.level})` : ''}: ${step.detail}`),
        svg('text', { x: LABEL - 8, y: y + 15, 'text-anchor': 'end' }, `${step.rule} ${step.weight !== 0 ? bits(step.weight) : '(0)'}`),
        svg('rect', { x: x(Math.min(step.from, step.to)), y, width, height: ROW - 8, rx: 2 }),
        i > 0 ? svg('line', { x1: x(step.from), y1: y - 8, x2: x(step.from), y2: y, class: 'connector' }) : null,
        svg('text', { x: x(step.to) + 6, y: y + 15 }, pct(step.to)),
      );
    }),
    svg(
      'g',
      { class: `total ${explanation.decision.toLowerCase()}` },
      svg('text', { x: LABEL - 8, y: steps.length * ROW + 19, 'text-anchor': 'end' }, explanation.decision),
      svg('rect', { x: x(0), y: steps.length * ROW + 4, width: Math.max(x(explanation.score) - x(0), 2), height: ROW - 8, rx: 2 }),
      svg('text', { x: x(explanation.score) + 6, y: steps.length * ROW + 19 }, pct(explanation.score)),
    ),
    svg('text', { x: x(0), y: height - 4, class: 'tick' }, '0'),
    svg('text', { x: x(1), y: height - 4, class: 'tick', 'text-anchor': 'end' }, '1'),
  );
  const list = table(
    `${title}: the prior, then each comparison in turn`,
    ['step', 'level', 'weight (bits)', 'of which term frequency', 'probability after', 'evidence'],
    steps.map((step) => [step.rule, step.level ?? '', bits(step.weight), step.tfAdjustment ? bits(step.tfAdjustment) : '', pct(step.to), step.detail]),
  );
  return h(
    'figure',
    { class: 'explanation', 'data-testid': 'waterfall' },
    h('figcaption', {}, h('strong', {}, title), ` — decision ${explanation.decision}, score ${pct(explanation.score)}`),
    steps.length <= 1 ? h('p', { class: 'state', 'data-state': 'empty' }, 'No comparison speaks for or against this pair.') : chart,
    steps.length <= 1 ? null : list,
  );
}
