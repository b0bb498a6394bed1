import { describeError } from './api';
import { byId, h, setState } from './dom';
import { countSegment, loadTags, TagCount } from './queries';
import { describe, Group, Term, toSegmentExpr } from './segment.expr';

const DEBOUNCE_MS = 250;

/** The segment builder: a tree of tag terms and groups, counted live as it changes. */
export class SegmentView {
  private readonly root: Group = { kind: 'group', op: 'and', negated: false, terms: [{ kind: 'tag', tag: '', negated: false }] };
  private tags: TagCount[] = [];
  private readonly container = byId('segment-builder');
  private readonly exprLine = byId('segment-expr');
  private readonly count = byId('segment-count');
  private timer: number | undefined;
  /** Answers to older expressions are dropped: only the last one asked is shown. */
  private asked = 0;
  private nextId = 0;

  async loadTags(): Promise<void> {
    setState(this.count, 'loading', 'Loading tags…');
    try {
      this.tags = await loadTags();
      this.render();
      if (this.tags.length === 0) setState(this.count, 'empty', 'No member carries a tag yet: tag members (tagMember) or derive tags first.');
      else this.changed();
    } catch (error) {
      this.container.replaceChildren();
      setState(this.count, 'error', describeError(error));
    }
  }

  private changed(): void {
    this.render();
    const expr = toSegmentExpr(this.root);
    this.exprLine.textContent = expr ? `Segment: ${describe(expr)}` : '';
    window.clearTimeout(this.timer);
    if (!expr) {
      setState(this.count, 'empty', 'Add a tag to count its members.');
      return;
    }
    const asked = ++this.asked;
    setState(this.count, 'loading', 'Counting…');
    this.timer = window.setTimeout(async () => {
      try {
        const result = await countSegment(expr);
        if (asked !== this.asked) return;
        setState(this.count, result.count ? 'ok' : 'empty', `${result.count} member${result.count === 1 ? '' : 's'} (${result.scanned} looked at)`);
        this.count.dataset.count = String(result.count);
      } catch (error) {
        if (asked === this.asked) setState(this.count, 'error', describeError(error));
      }
    }, DEBOUNCE_MS);
  }

  private render(): void {
    const focused = document.activeElement?.id;
    this.container.replaceChildren(this.renderGroup(this.root, null, 'All members'));
    // Re-rendering replaces the controls: keep the keyboard where it was.
    if (focused) document.getElementById(focused)?.focus();
  }

  private uid(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  private renderGroup(group: Group, parent: Group | null, legend: string): HTMLElement {
    const path = this.pathOf(group);
    const op = h(
      'select',
      { id: `seg-op-${path}`, 'aria-label': 'Combine the terms of this group', onchange: (e: Event) => { group.op = (e.target as HTMLSelectElement).value as Group['op']; this.changed(); } },
      h('option', { value: 'and', selected: group.op === 'and' }, 'all of (and)'),
      h('option', { value: 'or', selected: group.op === 'or' }, 'any of (or)'),
    );
    return h(
      'fieldset',
      { class: 'seg-group' },
      h('legend', {}, legend),
      h(
        'div',
        { class: 'seg-controls' },
        parent ? this.notBox(group, `seg-gnot-${path}`) : null,
        op,
      ),
      h('ul', {}, ...group.terms.map((term, i) => h('li', {}, term.kind === 'tag' ? this.renderTag(term, group, `${path}-${i}`) : this.renderGroup(term, group, `Group ${i + 1}`)))),
      h(
        'div',
        { class: 'seg-controls' },
        h('button', { type: 'button', id: `seg-addtag-${path}`, onclick: () => { group.terms.push({ kind: 'tag', tag: '', negated: false }); this.changed(); } }, '+ Tag'),
        h('button', { type: 'button', id: `seg-addgroup-${path}`, onclick: () => { group.terms.push({ kind: 'group', op: 'or', negated: false, terms: [{ kind: 'tag', tag: '', negated: false }] }); this.changed(); } }, '+ Group'),
        parent ? h('button', { type: 'button', onclick: () => this.remove(group, parent) }, 'Remove group') : null,
      ),
    );
  }

  private renderTag(term: Term & { kind: 'tag' }, parent: Group, path: string): HTMLElement {
    const id = `seg-tag-${path}`;
    const select = h(
      'select',
      { id, onchange: (e: Event) => { term.tag = (e.target as HTMLSelectElement).value; this.changed(); } },
      h('option', { value: '' }, '— choose a tag —'),
      ...this.tags.map((tag) => h('option', { value: tag.name, selected: tag.name === term.tag }, `${tag.name} (${tag.members})`)),
    );
    return h(
      'div',
      { class: 'seg-term' },
      this.notBox(term, `seg-not-${path}`),
      h('label', { for: id, class: 'visually-hidden' }, 'Tag'),
      select,
      h('button', { type: 'button', 'aria-label': `Remove tag ${term.tag || '(none)'}`, onclick: () => this.remove(term, parent) }, 'Remove'),
    );
  }

  private notBox(term: Term, id: string): HTMLElement {
    return h(
      'label',
      { class: 'seg-not', for: id },
      h('input', { type: 'checkbox', id, checked: term.negated, onchange: (e: Event) => { term.negated = (e.target as HTMLInputElement).checked; this.changed(); } }),
      ' not',
    );
  }

  private remove(term: Term, parent: Group): void {
    parent.terms = parent.terms.filter((t) => t !== term);
    this.changed();
    document.getElementById(`seg-addtag-${this.pathOf(parent)}`)?.focus();
  }

  /** A stable path of a group in the tree (0, 0-2, ...), so re-rendered controls keep their ids and focus. */
  private pathOf(target: Group): string {
    const walk = (group: Group, path: string): string | null => {
      if (group === target) return path;
      for (const [i, term] of group.terms.entries()) {
        if (term.kind !== 'group') continue;
        const found = walk(term, `${path}-${i}`);
        if (found) return found;
      }
      return null;
    };
    return walk(this.root, '0') ?? this.uid('g');
  }
}
