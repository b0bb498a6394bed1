import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Tx } from '../platform/neo4j/database';
import { inKeyOrder } from '../platform/neo4j/key.order';
import { Keyed, Keyset, PageRequest } from '../platform/connection';

const recordAuditEventStatement = statement<Named<'event' | 'memberIds'>>('identity/record-audit-event', ['event', 'memberIds']);
const auditTrailStatement = statement<Named<'ids' | 'first'>>('identity/audit-trail', ['ids', 'first']);
const auditEventsPageStatement = statement<Named<'memberId' | 'at' | 'id' | 'first'>>('identity/audit-events-page', ['memberId', 'at', 'id', 'first']);
const auditEventsCountStatement = statement<Named<'memberId'>, { count: number }>('identity/audit-events-count', ['memberId']);

export interface AuditEvent {
  type: 'MERGE' | 'UNLINK' | 'LINK' | 'REVIEW_ACCEPTED' | 'REVIEW_REJECTED' | 'ERASE' | 'CONSENT_WITHDRAWN' | 'OVER_SHARED_SPLIT' | 'OVER_SHARED_REVIEW';
  rules?: string[];
  evidenceKinds?: string[];
  survivorId?: string | null;
  memberIds: string[];
  accountId?: string | null;
  detail?: string | null;
}

/** Appends an event to the audit trail of the members it concerns. */
export async function recordAuditEvent(tx: Tx, event: AuditEvent): Promise<void> {
  await tx.run(recordAuditEventStatement, {
    event: {
      id: randomUUID(),
      rules: [],
      evidenceKinds: [],
      survivorId: null,
      accountId: null,
      detail: null,
      ...event,
    },
    memberIds: event.memberIds,
  });
}

export interface StoredAuditEvent {
  id: string;
  type: string;
  at: Date;
  rules: string[];
  evidenceKinds: string[];
  survivorId: string | null;
  memberIds: string[];
  accountId: string | null;
}

/** Batch: the newest `first` audit events of each member id ([] for a miss), in key order. */
export async function loadAuditTrails(db: Database, memberIds: readonly string[], first: number): Promise<StoredAuditEvent[][]> {
  const rows = await db.readOne(auditTrailStatement, { ids: memberIds, first: cypherInt(first) });
  return inKeyOrder(memberIds, rows, (r) => r.id as string, (r) => r.events as StoredAuditEvent[], []);
}

/** The auditEvents connection: newest first, then by id (descending); the key is [at as text, id]. */
export const AUDIT_EVENTS_KEYSET: Keyset = { name: 'auditEvents', key: ['string', 'string'], maxFirst: 100 };

/** A page of a live member's audit events after `request.after` in AUDIT_EVENTS_KEYSET order, each with its key. */
export async function auditEventsPage(db: Database, memberId: string, request: PageRequest): Promise<Keyed<StoredAuditEvent>[]> {
  const [at, id] = request.after ?? [null, null];
  const rows = await db.readOne(auditEventsPageStatement, { memberId, at, id, first: cypherInt(request.limit) });
  return rows.map((row) => ({ node: row.event as StoredAuditEvent, key: row.key as unknown[] }));
}

/** How many audit events concern a live member (what auditEventsPage lists over all pages). */
export async function countAuditEvents(db: Database, memberId: string): Promise<number> {
  const [row] = await db.readOne(auditEventsCountStatement, { memberId });
  return Number(row?.count ?? 0);
}
