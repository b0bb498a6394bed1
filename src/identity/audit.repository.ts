import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Tx } from '../platform/neo4j/database';

const recordAuditEventStatement = statement<Named<'event' | 'memberIds'>>('identity/record-audit-event', ['event', 'memberIds']);
const auditTrailStatement = statement<Named<'id' | 'first'>>('identity/audit-trail', ['id', 'first']);

export interface AuditEvent {
  type: 'MERGE' | 'UNLINK' | 'LINK' | 'REVIEW_ACCEPTED' | 'REVIEW_REJECTED' | 'ERASE';
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

export async function auditTrail(db: Database, memberId: string, first: number): Promise<StoredAuditEvent[]> {
  const rows = await db.readOne(auditTrailStatement, { id: memberId, first: cypherInt(first) });
  return rows.map((row) => row.event as StoredAuditEvent);
}
