import { readLinkEvidence } from '../identity/link.evidence';

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
  /** Its relationships of the explored types. */
  degree?: number | null;
}

/** Kinds of nodes an exploration reaches, and the relationships it follows; nothing internal (audit, reviews, payments). */
export const EXPLORED_LABELS = ['Member', 'Account', 'Identifier', 'Event', 'Brand', 'Store', 'Tag', 'Membership', 'Item'];
export const EXPLORED_RELATIONSHIPS = ['BELONGS_TO', 'HAS_IDENTIFIER', 'DID', 'ABOUT', 'HAS_TAG', 'HOLDS', 'OF_BRAND', 'TO'];
export const MAX_DEPTH = 3;
export const MAX_NODES = 500;

const is = (node: RawNode, label: string) => node.labels.includes(label);

/**
 * Nodes an exploration shows but does not go through, beyond the node it starts from: a tag, brand or store joins
 * whatever it classifies (`tag:app:TAOBAO` every TAOBAO member), and an identifier or item with more than HUB_DEGREE
 * relationships is shared too widely (a shop's phone, a best seller) to say anything about one person. Each is one
 * node with its count; exploring from it (as the start) lists its neighbours, up to the limit.
 */
export const HUB_LABELS = ['Tag', 'Brand', 'Store'];
export const HUB_DEGREE = 20;

export function isHub(node: RawNode): boolean {
  if (node.labels.some((l) => HUB_LABELS.includes(l))) return true;
  return (is(node, 'Identifier') || is(node, 'Item')) && (node.degree ?? 0) > HUB_DEGREE;
}

/** The first character and `***`, as personal data is masked for analysts everywhere (access.policy.ts). */
export const maskText = (value: string): string => (value.length ? `${value.slice(0, 1)}***` : value);

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

/** What publicId gave, as graph-start looks it up: a bare tag name still names a tag. */
export function startKeys(id: string): { id: string; tag: string; event: string | null } {
  return { id, tag: id.startsWith('tag:') ? id.slice(4) : id, event: id.startsWith('event:') ? id.slice(6) : null };
}

/** The caption of a node, in full (admins) and masked (analysts): names and external ids are personal data. */
export function captions(node: RawNode): { caption: string; masked: string } {
  const same = (text: string) => ({ caption: text, masked: text });
  if (is(node, 'Member')) {
    const name = node.displayName ?? 'member';
    return { caption: name, masked: node.displayName ? maskText(name) : name };
  }
  if (is(node, 'Account')) return { caption: `${node.app} ${node.externalId ?? ''}`.trim(), masked: `${node.app} ${maskText(node.externalId ?? '')}`.trim() };
  const sharedBy = node.sharedBy ?? (is(node, 'Identifier') ? node.degree : null);
  if (is(node, 'Identifier')) return same(`${node.kind} ${node.masked}${sharedBy != null ? ` (on ${sharedBy} accounts)` : ''}`);
  if (is(node, 'Event')) return same(`${node.type} ${node.at ? new Date(node.at).toISOString().slice(0, 10) : ''}`.trim());
  if (is(node, 'Membership')) return same(node.program ?? 'membership');
  return same(node.name ?? node.title ?? node.id ?? node.labels[0] ?? 'node');
}

/** What a link on a path between two accounts says, for a reader. */
export function evidenceOf(
  edge: { type: string; method?: string | null; confidence?: number | null; rules?: string[] | null; evidence?: string | null },
  identifier: RawNode | undefined,
): string {
  if (edge.type === 'BELONGS_TO') {
    const decided = readLinkEvidence(edge.evidence)?.hits.filter((h) => h.weight > 0).map((h) => h.detail);
    const why = decided?.length ? decided.join('; ') : `rules ${(edge.rules ?? []).join(', ') || 'none'}`;
    return `${edge.method ?? 'UNKNOWN'} link (confidence ${edge.confidence ?? 0}; ${why})`;
  }
  if (edge.type === 'HAS_IDENTIFIER' && identifier) return `carries ${identifier.kind} ${identifier.masked}${identifier.sharedBy != null ? `, which ${identifier.sharedBy} accounts carry` : ''}`;
  return edge.type;
}
