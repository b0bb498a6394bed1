import { Connection, pageRequest, toConnection } from '../platform/connection';
import { badInput, notFound } from '../platform/errors';
import { AUDIT_EVENTS_KEYSET, auditEventsPage, countAuditEvents, StoredAuditEvent } from './audit.repository';
import { IdentityContext } from './identity.context';

/**
 * A page of the audit trail of a member (a merged-away id reads its survivor's, as Member.auditTrail does).
 * BAD_USER_INPUT for a blank id or a bad `first` or `after`; NOT_FOUND for an unknown member.
 */
export async function auditEventConnection(
  { db, loaders }: Pick<IdentityContext, 'db' | 'loaders'>,
  memberId: string,
  first: number,
  after: string | null,
): Promise<Connection<StoredAuditEvent>> {
  if (!memberId.trim()) throw badInput('memberId must not be blank', 'memberId');
  const request = pageRequest(AUDIT_EVENTS_KEYSET, first, after);
  const member = await loaders.memberById.load(memberId);
  if (!member) throw notFound(`Member ${memberId}`);
  const rows = await auditEventsPage(db, member.id, request);
  return toConnection(AUDIT_EVENTS_KEYSET, request, rows, () => countAuditEvents(db, member.id));
}
