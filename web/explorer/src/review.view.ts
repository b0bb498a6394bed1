import { describeError } from './api';
import { byId, h, setState, table } from './dom';
import { acceptMatch, explainLink, loadReviewQueue, rejectMatch, ReviewCandidate } from './queries';
import { mayDecide } from './token';
import { renderWaterfall } from './waterfall.view';

const accountText = (a: { externalId: string; app: { code: string } }) => `${a.app.code} ${a.externalId}`;
const personText = (a: { externalId: string; displayName: string | null; app: { code: string } }) => `${a.displayName ?? 'no name'} (${accountText(a)})`;
const bits = (weight: number) => `${weight > 0 ? '+' : ''}${weight.toFixed(1)}`;

/** The review queue: pairs between the review and link thresholds; admins accept or reject them here. */
export class ReviewView {
  private readonly status = byId('review-status-line');
  private readonly list = byId('review-list');
  private readonly form = byId<HTMLFormElement>('review-form');

  constructor() {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
  }

  private get reviewStatus(): string {
    return (this.form.elements.namedItem('status') as HTMLSelectElement).value;
  }

  private get reason(): string {
    return (this.form.elements.namedItem('reason') as HTMLInputElement).value.trim() || 'rejected in review';
  }

  async load(message?: string): Promise<void> {
    setState(this.status, 'loading', 'Loading the review queue…');
    try {
      const account = (this.form.elements.namedItem('accountId') as HTMLInputElement).value.trim();
      const candidates = await loadReviewQueue(this.reviewStatus, account || null);
      this.render(candidates);
      const what = `${candidates.length} ${this.reviewStatus.toLowerCase()} pair${candidates.length === 1 ? '' : 's'}`;
      if (candidates.length === 0) setState(this.status, 'empty', `${message ? `${message} ` : ''}No ${this.reviewStatus.toLowerCase()} pairs in the queue.`);
      else setState(this.status, 'ok', `${message ? `${message} ` : ''}${what}, highest score first.${this.reviewStatus === 'OPEN' && !mayDecide() ? ' Only admins may accept or reject.' : ''}`);
    } catch (error) {
      this.list.replaceChildren();
      setState(this.status, 'error', describeError(error));
    }
  }

  private render(candidates: ReviewCandidate[]): void {
    const decide = this.reviewStatus === 'OPEN' && mayDecide();
    const evidence = h('div', { class: 'review-evidence', 'aria-live': 'polite' });
    const rows = candidates.map((c) => [
      personText(c.account),
      personText(c.candidate),
      `${(c.score * 100).toFixed(1)}%`,
      // Only what moved the score: a comparison of missing data decides nothing.
      h('ul', { class: 'deciding' }, ...c.hits.filter((hit) => hit.weight !== 0).map((hit) => h('li', {}, `${hit.detail} (${bits(hit.weight)})`))),
      h(
        'span',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => void this.showEvidence(evidence, c) }, 'Evidence'),
        decide ? h('button', { type: 'button', class: 'accept', onclick: () => void this.decide(c, 'accept') }, 'Accept') : null,
        decide ? h('button', { type: 'button', class: 'reject', onclick: () => void this.decide(c, 'reject') }, 'Reject') : null,
      ),
    ]);
    this.list.replaceChildren(candidates.length ? table('Review candidates', ['account', 'resembles', 'score', 'what decided (bits)', 'actions'], rows) : '', evidence);
  }

  /** The pair as the model scores it now (explainMatchByIds), as a waterfall. */
  private async showEvidence(into: HTMLElement, c: ReviewCandidate): Promise<void> {
    setState(into, 'loading', 'Loading the explanation…');
    try {
      into.replaceChildren(renderWaterfall(await explainLink(c.account.id, c.candidate.id), `${accountText(c.account)} and ${accountText(c.candidate)}`));
    } catch (error) {
      setState(into, 'error', describeError(error));
    }
  }

  private async decide(candidate: ReviewCandidate, decision: 'accept' | 'reject'): Promise<void> {
    const pair = `${accountText(candidate.account)} and ${accountText(candidate.candidate)}`;
    setState(this.status, 'loading', `${decision === 'accept' ? 'Accepting' : 'Rejecting'} ${pair}…`);
    try {
      if (decision === 'accept') {
        const survivor = await acceptMatch(candidate.id);
        await this.load(`Accepted ${pair}: they are now member ${survivor}.`);
      } else {
        await rejectMatch(candidate.id, this.reason);
        await this.load(`Rejected ${pair}.`);
      }
    } catch (error) {
      setState(this.status, 'error', describeError(error));
    }
  }
}
