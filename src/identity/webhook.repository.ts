import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';

const claimLease = statement<Named<'app' | 'owner' | 'leaseMs'>>('identity/claim-webhook-lease', ['app', 'owner', 'leaseMs']);
const advanceCursor = statement<Named<'app' | 'owner' | 'offset' | 'leaseMs'>>('identity/advance-webhook-cursor', ['app', 'owner', 'offset', 'leaseMs']);
const releaseLease = statement<Named<'app' | 'owner'>>('identity/release-webhook-lease', ['app', 'owner']);

/** Takes or renews the lease on an app's delivery; the offset delivered so far, or null when another process holds it. */
export async function claimDelivery(db: Database, app: string, owner: string, leaseMs: number): Promise<number | null> {
  const [row] = await db.writeOne(claimLease, { app, owner, leaseMs: cypherInt(leaseMs) });
  return row.owned ? Number(row.offset) : null;
}

/** Records that the partner acknowledged every change up to `offset`; false when the lease was lost meanwhile. */
export async function advanceDelivery(db: Database, app: string, owner: string, offset: number, leaseMs: number): Promise<boolean> {
  const rows = await db.writeOne(advanceCursor, { app, owner, offset: cypherInt(offset), leaseMs: cypherInt(leaseMs) });
  return rows.length === 1;
}

export async function releaseDelivery(db: Database, app: string, owner: string): Promise<void> {
  await db.writeOne(releaseLease, { app, owner });
}
