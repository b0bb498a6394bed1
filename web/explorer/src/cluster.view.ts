import cytoscape, { Core, ElementDefinition } from 'cytoscape';
import { ApiError, describeError } from './api';
import { byId, h, setState, table } from './dom';
import { ClusterAccount, ClusterMember, explainLink, findAccountMember, loadCluster, loadNeighborhood, Subgraph } from './queries';
import { CLUSTER_STYLE } from './cluster.style';
import { renderWaterfall } from './waterfall.view';

interface ExploredNode {
  id: string;
  kind: string;
  caption: string;
}

const accountCaption = (account: ClusterAccount) => `${account.app.code} ${account.externalId}`;
const linkLabel = (account: ClusterAccount) => {
  const link = account.link;
  if (!link) return 'no link';
  const purposes = link.purposes?.length ? ` · ${link.purposes.join(', ').toLowerCase()}` : '';
  return `${link.method} ${link.confidence.toFixed(2)}${purposes}`;
};

/**
 * The member cluster: the graph (Cytoscape), a details panel (link explanations) and tables listing the same nodes
 * and links with buttons, so everything the graph offers is reachable from the keyboard too.
 */
export class ClusterView {
  private cy: Core | null = null;
  private member: ClusterMember | null = null;
  private explored = new Map<string, ExploredNode>();
  private expanded = new Set<string>();
  private readonly status = byId('cluster-status');
  private readonly details = byId('details');
  private readonly tables = byId('cluster-tables');

  async showMember(id: string): Promise<void> {
    setState(this.status, 'loading', `Loading member ${id}…`);
    try {
      const member = await loadCluster(id);
      if (!member) {
        this.clear();
        setState(this.status, 'empty', `No member has the id ${id}.`);
        return;
      }
      this.draw(member);
    } catch (error) {
      setState(this.status, 'error', describeError(error));
    }
  }

  async showAccount(app: string, externalId: string): Promise<void> {
    setState(this.status, 'loading', `Looking up ${app} account ${externalId}…`);
    try {
      const memberId = await findAccountMember(app, externalId);
      if (!memberId) {
        this.clear();
        setState(this.status, 'empty', `No member has a ${app} account ${externalId}.`);
        return;
      }
      await this.showMember(memberId);
    } catch (error) {
      // Analysts read external ids masked, so the API takes none from them (an answer would tell a real one from a guess).
      const forbidden = error instanceof ApiError && error.code === 'FORBIDDEN';
      setState(this.status, 'error', forbidden ? 'Looking an account up by its external id is for admins: analysts search by member id.' : describeError(error));
    }
  }

  private clear(): void {
    this.cy?.destroy();
    this.cy = null;
    this.member = null;
    this.explored.clear();
    this.expanded.clear();
    this.tables.replaceChildren();
    this.showDetails(h('p', { class: 'state' }, 'Select a link to see why it was made, or a node to expand its neighborhood.'));
  }

  private draw(member: ClusterMember): void {
    this.clear();
    this.member = member;
    const apps = [...new Set(member.accounts.map((a) => a.app.code))];
    const elements: ElementDefinition[] = [
      { data: { id: member.id, label: `${member.displayName ?? 'member'}\n${member.loyaltyScore}` }, classes: 'member' },
      ...apps.map((code) => ({ data: { id: `app:${code}`, label: code }, classes: 'app' })),
      ...member.accounts.map((account) => ({
        data: {
          id: account.id,
          parent: `app:${account.app.code}`,
          label: [account.externalId, ...account.identifiers.slice(0, 2).map((i) => i.masked), account.identifiers.length > 2 ? '…' : ''].filter(Boolean).join('\n'),
        },
        classes: 'account',
      })),
      ...member.accounts.map((account) => ({
        data: { id: `link:${account.id}`, source: account.id, target: member.id, label: linkLabel(account), account: account.id },
        classes: `link ${account.link?.method ?? ''}`,
      })),
    ];
    // Cytoscape adds a <style> element for its container unless one with this id exists; the page's CSP forbids
    // injected styles, and styles.css carries the same rule.
    if (!document.getElementById('__________cytoscape_stylesheet')) document.head.append(h('meta', { id: '__________cytoscape_stylesheet' }));
    this.cy = cytoscape({ container: byId('graph'), elements, style: CLUSTER_STYLE, layout: { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true } });
    this.cy.on('tap', 'edge.link', (event) => void this.explain(event.target.data('account') as string));
    this.cy.on('tap', 'node', (event) => {
      if (!event.target.hasClass('app')) void this.expand(event.target.id() as string);
    });
    byId('graph').dataset.member = member.id;
    const appCount = apps.length;
    setState(
      this.status,
      member.accounts.length ? 'ok' : 'empty',
      `Member ${member.displayName ?? member.id} (${member.id}): ${member.accounts.length} account${member.accounts.length === 1 ? '' : 's'} on ${appCount} app${appCount === 1 ? '' : 's'}, loyalty score ${member.loyaltyScore}${member.tags.length ? `, tags ${member.tags.join(', ')}` : ''}.`,
    );
    this.renderTables();
  }

  private showDetails(...content: Node[]): void {
    const heading = h('h3', { id: 'details-title', tabindex: -1 }, 'Details');
    this.details.replaceChildren(heading, ...content);
  }

  private focusDetails(): void {
    (this.details.querySelector('h3') as HTMLElement | null)?.focus();
  }

  /**
   * Why an account belongs to the member: the comparison that made the link, as it was made (Link.evidence), against
   * the account it was decided on. Any of the member's other accounts can be scored now instead (explainMatchByIds),
   * said as such: a score now is not what made the link. A link no comparison made (the member's first account, a
   * person's word, an operator's) says so and scores against the oldest other account now.
   */
  async explain(accountId: string, otherId?: string): Promise<void> {
    const member = this.member;
    const account = member?.accounts.find((a) => a.id === accountId);
    if (!member || !account) return;
    this.cy?.elements().unselect();
    this.cy?.getElementById(`link:${accountId}`).select();
    const evidence = account.link?.evidence ?? null;
    const others = member.accounts.filter((a) => a.id !== accountId).sort((a, b) => (a.link?.linkedAt ?? '').localeCompare(b.link?.linkedAt ?? ''));
    const facts = h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Method'), h('dd', {}, account.link?.method ?? 'none'),
      h('dt', {}, 'Confidence'), h('dd', {}, account.link ? account.link.confidence.toFixed(2) : '—'),
      h('dt', {}, 'Rules'), h('dd', {}, account.link?.rules.join(', ') || '—'),
      h('dt', {}, 'Linked at'), h('dd', {}, account.link?.linkedAt ?? '—'),
      h('dt', {}, 'Purposes'), h('dd', {}, account.link?.purposes ? account.link.purposes.join(', ') || 'none' : 'not reported by this server'),
    );
    const title = h('h4', {}, `Link of ${accountCaption(account)} to the member`);
    const captionOf = (id: string) => {
      const found = member.accounts.find((a) => a.id === id);
      return found ? accountCaption(found) : `account ${id} (no longer in this member)`;
    };
    const showing = otherId ?? (evidence ? '' : others[0]?.id ?? '');
    const picker = others.length
      ? h(
          'p',
          {},
          h('label', { for: 'explain-other' }, 'Score now against '),
          h(
            'select',
            { id: 'explain-other', onchange: (event: Event) => void this.explain(accountId, (event.target as HTMLSelectElement).value || undefined) },
            evidence ? h('option', { value: '', selected: showing === '' }, '— what made the link, as it was then —') : null,
            ...others.map((a) => h('option', { value: a.id, selected: a.id === showing }, accountCaption(a))),
          ),
        )
      : null;
    if (showing === '' && evidence) {
      const against = captionOf(evidence.accountId);
      const made = renderWaterfall({ decision: 'LINK', score: evidence.score, hits: evidence.hits, waterfall: evidence.waterfall }, `${accountCaption(account)} and ${against}`);
      const kept = h(
        'div',
        { class: 'link-evidence', 'data-testid': 'link-evidence' },
        h('p', {}, `Decided when the link was made, against ${against}: `, h('strong', {}, evidence.hits.filter((hit) => hit.weight > 0).map((hit) => hit.detail).join('; ') || 'no evidence for')),
        made,
      );
      this.showDetails(title, facts, kept, picker ?? h('span'));
      this.focusDetails();
      return;
    }
    const none = h(
      'p',
      { class: 'state', 'data-state': 'empty', 'data-testid': 'no-link-evidence' },
      evidence ? 'Scored now, not what made the link: pick the first choice to see that.' : `No comparison made this link (${account.link?.rules.join(', ') || 'no rules'}): it is the member's first account, or was linked on a person's word or by an operator.`,
    );
    if (!showing) {
      this.showDetails(title, facts, none, h('p', { class: 'state', 'data-state': 'empty' }, 'The member has only this account: there is no other account to compare it with.'));
      this.focusDetails();
      return;
    }
    const other = others.find((a) => a.id === showing) ?? others[0];
    const result = h('div', { class: 'explain-result' }, h('p', { class: 'state', 'data-state': 'loading', role: 'status' }, 'Scoring the pair…'));
    this.showDetails(title, facts, none, picker ?? h('span'), result);
    this.focusDetails();
    try {
      const explanation = await explainLink(account.id, other.id);
      result.replaceChildren(renderWaterfall(explanation, `${accountCaption(account)} and ${accountCaption(other)} (now)`));
    } catch (error) {
      result.replaceChildren(h('p', { class: 'state', 'data-state': 'error', role: 'alert' }, describeError(error)));
    }
  }

  /** Adds a node's neighbours (depth 1) to the graph. */
  async expand(id: string): Promise<void> {
    const cy = this.cy;
    if (!cy) return;
    const node = cy.getElementById(id);
    const name = this.captionOf(id);
    setState(this.status, 'loading', `Expanding the neighborhood of ${name}…`);
    let subgraph: Subgraph;
    try {
      subgraph = await loadNeighborhood(id);
    } catch (error) {
      setState(this.status, 'error', describeError(error));
      return;
    }
    const added = this.merge(cy, subgraph, node.position());
    this.expanded.add(id);
    node.addClass('expanded');
    if (added > 0) cy.layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true }).run();
    const more = subgraph.truncated ? ' (the node limit cut the neighborhood short)' : '';
    setState(this.status, added ? 'ok' : 'empty', added ? `Added ${added} node${added === 1 ? '' : 's'} around ${name}${more}.` : `Nothing new around ${name}${more}.`);
    this.renderTables();
  }

  private merge(cy: Core, subgraph: Subgraph, near: { x: number; y: number }): number {
    let added = 0;
    const nodes: ElementDefinition[] = [];
    for (const node of subgraph.nodes) {
      if (cy.getElementById(node.id).nonempty()) continue;
      const kind = node.labels[0] ?? 'Node';
      this.explored.set(node.id, { id: node.id, kind: node.hub ? `${kind} (hub)` : kind, caption: node.caption });
      // Start beside the expanded node, so the layout moves the graph as little as it can.
      const angle = (2 * Math.PI * added) / Math.max(subgraph.nodes.length, 1);
      nodes.push({ data: { id: node.id, label: node.caption }, classes: `explored ${kind.toLowerCase()}${node.hub ? ' hub' : ''}`, position: { x: near.x + 120 * Math.cos(angle), y: near.y + 120 * Math.sin(angle) } });
      added++;
    }
    cy.add(nodes);
    const edges: ElementDefinition[] = [];
    for (const edge of subgraph.edges) {
      const id = `${edge.source}|${edge.type}|${edge.target}`;
      const drawnAsLink = edge.type === 'BELONGS_TO' && cy.getElementById(`link:${edge.source}`).nonempty();
      if (drawnAsLink || cy.getElementById(id).nonempty()) continue;
      edges.push({ data: { id, source: edge.source, target: edge.target, label: edge.type.toLowerCase().replace(/_/g, ' ') } });
    }
    cy.add(edges);
    return added;
  }

  private captionOf(id: string): string {
    const member = this.member;
    if (member && id === member.id) return `member ${member.displayName ?? member.id}`;
    const account = member?.accounts.find((a) => a.id === id);
    if (account) return accountCaption(account);
    return this.explored.get(id)?.caption ?? id;
  }

  /** The same nodes and links as the graph, with their actions as buttons. */
  private renderTables(): void {
    const member = this.member;
    if (!member) return;
    const expandButton = (id: string) =>
      h('button', { type: 'button', onclick: () => void this.expand(id), 'aria-label': `Expand the neighborhood of ${this.captionOf(id)}` }, this.expanded.has(id) ? 'Expand again' : 'Expand');
    const links = table(
      'Accounts and their links to the member',
      ['app', 'account', 'identifiers', 'link', 'rules', 'actions'],
      member.accounts.map((account) => [
        account.app.code,
        account.externalId,
        account.identifiers.map((i) => `${i.kind} ${i.masked}`).join(', ') || '—',
        linkLabel(account),
        account.link?.rules.join(', ') ?? '—',
        h(
          'span',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => void this.explain(account.id), 'aria-label': `Explain the link of ${accountCaption(account)}` }, 'Explain link'),
          expandButton(account.id),
        ),
      ]),
    );
    const nodes = table(
      'Other nodes on the graph',
      ['kind', 'caption', 'actions'],
      [['Member', member.displayName ?? member.id, expandButton(member.id)], ...[...this.explored.values()].map((n) => [n.kind, n.caption, expandButton(n.id)])],
    );
    if (member.accounts.length === 0) {
      this.tables.replaceChildren(h('p', { class: 'state', 'data-state': 'empty' }, 'This member has no accounts.'), nodes);
      return;
    }
    this.tables.replaceChildren(links, nodes);
  }
}
