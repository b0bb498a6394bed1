import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Tx } from '../platform/neo4j/database';
import { inKeyOrder } from '../platform/neo4j/key.order';

const recordAuditEventStatement = statement<Named<'event' | 'memberIds'>>('identity/record-audit-event', ['event', 'memberIds']);
const auditTrailStatement = statement<Named<'ids' | 'first'>>('identity/audit-trail', ['ids', 'first']);

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
