import { describeError } from './api';
import { byId, formValues, h, setState, table } from './dom';
import { loadPath } from './queries';

/**
 * The shortest chain between two accounts given by id (shortestPathByIds): each step from one node to the next, with what the link or
 * shared identifier is evidence of.
 */
export class PathView {
  private readonly status = byId('path-status');
  private readonly result = byId('path-result');

  constructor() {
    byId<HTMLFormElement>('path-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const v = formValues(event.target as HTMLFormElement);
      void this.show(v.aId.trim(), v.bId.trim());
    });
  }

  async show(a: string, b: string): Promise<void> {
    setState(this.status, 'loading', `Looking for a chain between ${a} and ${b}…`);
    this.result.replaceChildren();
    try {
      const path = await loadPath(a, b);
      if (!path) {
        setState(this.status, 'empty', 'No chain of links and shared identifiers joins these two accounts within 8 steps (or one of them does not exist).');
        return;
      }
      const caption = new Map(path.nodes.map((n) => [n.id, n.caption]));
      const steps = path.edges.map((edge, i) => {
        const from = path.nodes[i];
        const to = path.nodes[i + 1];
        return [String(i + 1), from.caption, edge.type.toLowerCase().replace(/_/g, ' '), to.caption, edge.evidence ?? caption.get(edge.target) ?? ''];
      });
      setState(this.status, 'ok', `${path.length} step${path.length === 1 ? '' : 's'} from ${path.nodes[0].caption} to ${path.nodes[path.nodes.length - 1].caption}.`);
      this.result.replaceChildren(table('The chain, step by step, with what each step is evidence of', ['step', 'from', 'by', 'to', 'evidence'], steps));
    } catch (error) {
      setState(this.status, 'error', describeError(error));
    }
  }
}
