import { describeError } from './api';
import { byId, formValues, h, setState, svg, table } from './dom';
import { Brand, Funnel, loadBrands, loadFunnel, loadLeaderboard } from './queries';

const WIDTH = 560;
const ROW = 46;

/** A date input's day as the start of that day, UTC; null when left empty (the API's default window). */
const dayStart = (value: string): string | null => (value ? `${value}T00:00:00.000Z` : null);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The AIPL funnel as centred bars (widest first), with the numbers in a table beside it. */
export function renderFunnel(funnel: Funnel): HTMLElement {
  const max = Math.max(1, ...funnel.stages.map((s) => s.members));
  const height = funnel.stages.length * ROW;
  const chart = svg(
    'svg',
    {
      class: 'funnel',
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: WIDTH,
      height,
      role: 'img',
      'aria-label': `AIPL funnel of ${funnel.brand.name}: ${funnel.stages.map((s) => `${s.stage.toLowerCase()} ${s.members}`).join(', ')} members`,
    },
    ...funnel.stages.map((stage, i) => {
      const width = Math.max(4, ((WIDTH - 200) * stage.members) / max);
      const y = i * ROW;
      return svg(
        'g',
        { class: `stage ${stage.stage.toLowerCase()}` },
        svg('title', {}, `${stage.stage}: ${stage.members} members, ${stage.accounts} accounts`),
        svg('rect', { x: (WIDTH - width) / 2, y: y + 4, width, height: ROW - 10, rx: 3 }),
        svg('text', { x: 8, y: y + ROW / 2 + 4 }, stage.stage),
        svg('text', { x: WIDTH - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end' }, String(stage.members)),
      );
    }),
  );
  return h(
    'figure',
    { class: 'funnel-figure' },
    h('figcaption', {}, `${funnel.brand.name}, ${funnel.from.slice(0, 10)} to ${funnel.to.slice(0, 10)} (members at their deepest stage)`),
    chart,
    table('Members and accounts by stage', ['stage', 'members', 'accounts'], funnel.stages.map((s) => [s.stage, String(s.members), String(s.accounts)])),
  );
}

/** A brand's AIPL funnel and the industry leaderboard; both pick from the brands the API lists. */
export class FunnelView {
  private readonly funnelForm = byId<HTMLFormElement>('funnel-form');
  private readonly funnelStatus = byId('funnel-status');
  private readonly funnelChart = byId('funnel-chart');
  private readonly boardForm = byId<HTMLFormElement>('leaderboard-form');
  private readonly boardStatus = byId('leaderboard-status');
  private readonly boardTable = byId('leaderboard-table');

  constructor() {
    const now = new Date();
    (byId<HTMLInputElement>('leaderboard-from')).value = isoDay(new Date(now.getTime() - 30 * 86_400_000));
    (byId<HTMLInputElement>('leaderboard-to')).value = isoDay(new Date(now.getTime() + 86_400_000));
    this.funnelForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.showFunnel();
    });
    this.boardForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.showLeaderboard();
    });
  }

  async loadBrands(): Promise<void> {
    setState(this.funnelStatus, 'loading', 'Loading brands…');
    try {
      const brands = await loadBrands();
      this.fillBrands(brands);
      if (brands.length === 0) {
        setState(this.funnelStatus, 'empty', 'No brands yet.');
        setState(this.boardStatus, 'empty', 'No brands yet, so no industries to rank.');
      } else if (!this.funnelChart.hasChildNodes()) {
        setState(this.funnelStatus, 'idle', 'Pick a brand and a window (empty dates: this year so far).');
      } else {
        setState(this.funnelStatus, 'ok', 'Brands reloaded; the chart is the last one asked for.');
      }
    } catch (error) {
      setState(this.funnelStatus, 'error', describeError(error));
    }
  }

  /** Fills the pickers again (a new token may see other brands), keeping what was picked when it is still there. */
  private fillBrands(brands: Brand[]): void {
    const refill = (select: HTMLSelectElement, options: HTMLOptionElement[]) => {
      const picked = select.value;
      select.replaceChildren(...options);
      if (options.some((o) => o.value === picked)) select.value = picked;
    };
    refill(byId<HTMLSelectElement>('funnel-brand'), brands.map((b) => h('option', { value: b.id }, `${b.name} (${b.industry})`)));
    const industries = [...new Set(brands.map((b) => b.industry))].sort();
    refill(byId<HTMLSelectElement>('leaderboard-industry'), industries.map((i) => h('option', { value: i }, i)));
  }

  private async showFunnel(): Promise<void> {
    const { brandId, from, to } = formValues(this.funnelForm);
    if (!brandId) {
      setState(this.funnelStatus, 'empty', 'Pick a brand first.');
      return;
    }
    setState(this.funnelStatus, 'loading', 'Counting the funnel…');
    try {
      const funnel = await loadFunnel(brandId, dayStart(from), dayStart(to));
      const total = funnel.stages.reduce((n, s) => n + s.members, 0);
      this.funnelChart.replaceChildren(renderFunnel(funnel));
      setState(this.funnelStatus, total ? 'ok' : 'empty', total ? `${total} member${total === 1 ? '' : 's'} in the funnel.` : 'No member touched this brand in the window.');
    } catch (error) {
      this.funnelChart.replaceChildren();
      setState(this.funnelStatus, 'error', describeError(error));
    }
  }

  private async showLeaderboard(): Promise<void> {
    const { industry, metric, from, to } = formValues(this.boardForm);
    if (!industry || !from || !to) {
      setState(this.boardStatus, 'empty', 'Pick an industry and both dates.');
      return;
    }
    setState(this.boardStatus, 'loading', 'Ranking brands…');
    try {
      const entries = await loadLeaderboard(industry, metric, dayStart(from)!, dayStart(to)!);
      this.boardTable.replaceChildren(
        entries.length
          ? table(
              `Top brands of ${industry} by ${metric.toLowerCase().replace('_', ' ')}`,
              ['rank', 'brand', 'members', 'stores'],
              entries.map((e) => [String(e.rank), e.brand.name, String(e.value), e.stores.map((s) => `${s.store.app} ${s.value}`).join(', ') || '—']),
            )
          : '',
      );
      setState(this.boardStatus, entries.length ? 'ok' : 'empty', entries.length ? `${entries.length} brand${entries.length === 1 ? '' : 's'} ranked.` : 'No brand of this industry had members at this step in the window.');
    } catch (error) {
      this.boardTable.replaceChildren();
      setState(this.boardStatus, 'error', describeError(error));
    }
  }
}
