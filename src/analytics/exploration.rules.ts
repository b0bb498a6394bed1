/** A node as the exploration statements return it: its element id, labels and the few properties captions use. */
export interface RawNode {
  eid: string;
  labels: string[];
  id?: string | null;
  key?: string | null;
  name?: string | null;
  displayName?: string | null;
  app?: string | null;
  externalId?: string | null;
  kind?: string | null;
  masked?: string | null;
  type?: string | null;
  at?: Date | null;
  program?: string | null;
  title?: string | null;
  sharedBy?: number | null;
}

/** Kinds of nodes an exploration reaches, and the relationships it follows; nothing internal (audit, reviews, payments). */
export const EXPLORED_LABELS = ['Member', 'Account', 'Identifier', 'Event', 'Brand', 'Store', 'Tag', 'Membership', 'Item'];
export const EXPLORED_RELATIONSHIPS = ['BELONGS_TO', 'HAS_IDENTIFIER', 'DID', 'ABOUT', 'HAS_TAG', 'HOLDS', 'OF_BRAND', 'TO'];
export const MAX_DEPTH = 3;
export const MAX_NODES = 500;

/** The first character and `***`, as personal data is masked for analysts everywhere (access.policy.ts). */
export const maskText = (value: string): string => (value.length ? `${value.slice(0, 1)}***` : value);

const is = (node: RawNode, label: string) => node.labels.includes(label);

/**
 * A node's public id: the domain id where the node has one (member, account, brand, store, item, membership), `tag:`
 * + name, `event:` + key; otherwise the element id (identifiers: their hash is never shown).
 */
export function publicId(node: RawNode): string {
  if (is(node, 'Tag') && node.name) return `tag:${node.name}`;
  if (is(node, 'Event') && node.key) return `event:${node.key}`;
  if (!is(node, 'Identifier') && node.id) return node.id;
  return node.eid;
}

/** The caption of a node, in full (admins) and masked (analysts): names and external ids are personal data. */
export function captions(node: RawNode): { caption: string; masked: string } {
  const same = (text: string) => ({ caption: text, masked: text });
  if (is(node, 'Member')) {
    const name = node.displayName ?? 'member';
    return { caption: name, masked: node.displayName ? maskText(name) : name };
  }
  if (is(node, 'Account')) return { caption: `${node.app} ${node.externalId ?? ''}`.trim(), masked: `${node.app} ${maskText(node.externalId ?? '')}`.trim() };
  if (is(node, 'Identifier')) return same(`${node.kind} ${node.masked}${node.sharedBy != null ? ` (on ${node.sharedBy} accounts)` : ''}`);
  if (is(node, 'Event')) return same(`${node.type} ${node.at ? new Date(node.at).toISOString().slice(0, 10) : ''}`.trim());
  if (is(node, 'Membership')) return same(node.program ?? 'membership');
  return same(node.name ?? node.title ?? node.id ?? node.labels[0] ?? 'node');
}

/** What a link on a path between two accounts says, for a reader. */
export function evidenceOf(edge: { type: string; method?: string | null; confidence?: number | null; rules?: string[] | null }, identifier: RawNode | undefined): string {
  if (edge.type === 'BELONGS_TO') return `${edge.method ?? 'UNKNOWN'} link (confidence ${edge.confidence ?? 0}; rules ${(edge.rules ?? []).join(', ') || 'none'})`;
  if (edge.type === 'HAS_IDENTIFIER' && identifier) return `carries ${identifier.kind} ${identifier.masked}${identifier.sharedBy != null ? `, which ${identifier.sharedBy} accounts carry` : ''}`;
  return edge.type;
}
