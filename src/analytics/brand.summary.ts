import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';

const rebuildPage = statement<Named<'after' | 'first'>, { accounts: number; last: string | null; summaries: number }>('analytics/rebuild-brand-summaries', ['after', 'first']);
const deleteOrphans = statement<Named<never>, { deleted: number }>('analytics/orphan-brand-summaries', []);

export interface RebuildProgress {
  accounts: number;
  summaries: number;
  /** The last account id rebuilt: a rebuild resumed with `after` set to it goes on from the next account. */
  last: string;
}

/**
 * Rebuilds every account's brand summaries (AccountBrand: first join, first and last purchase) from its events, in
 * account-id order after `after`, one write transaction a page, then deletes summaries whose account is gone. For
 * graphs whose events were written before the summaries existed, or by a bulk loader; the event writes keep them
 * from then on. Idempotent, and resumable from the last account id a progress report named.
 */
export async function rebuildBrandSummaries(db: Database, options: { after?: string; page?: number; onProgress?: (progress: RebuildProgress) => void } = {}): Promise<RebuildProgress> {
  const page = options.page ?? 2_000;
  const progress: RebuildProgress = { accounts: 0, summaries: 0, last: options.after ?? '' };
  for (;;) {
    const [row] = await db.writeOne(rebuildPage, { after: progress.last, first: cypherInt(page) });
    if (!row?.accounts) break;
    progress.accounts += row.accounts;
    progress.summaries += row.summaries;
    progress.last = row.last!;
    options.onProgress?.({ ...progress });
    if (row.accounts < page) break;
  }
  await db.writeOne(deleteOrphans, {});
  return progress;
}
