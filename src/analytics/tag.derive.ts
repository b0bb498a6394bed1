import { Database } from '../platform/neo4j/database';
import { deriveTags } from './tag.rules';
import { memberFactsById, memberFactsPage, writeDerivedTags } from './tag.repository';

const YEAR_MS = 365 * 86_400_000;

/** Derives the tags of the given members now (the derivation of one member is one read and one write). */
export async function deriveMemberTags(db: Database, memberIds: string[], now: Date): Promise<number> {
  const facts = await memberFactsById(db, memberIds, new Date(now.getTime() - YEAR_MS));
  if (facts.length) await writeDerivedTags(db, facts.map((f) => ({ id: f.id, tags: deriveTags(f, now) })));
  return facts.length;
}

/**
 * Derives the tags of every member, page by page in member-id order (`npm run analytics:derive-tags`). The next page
 * is read while the previous one is written. Each page is its own transaction, so a crash loses at most a page of
 * work and running it again redoes everything (it is idempotent).
 */
export async function deriveAllTags(db: Database, now: Date, options: { page?: number; onProgress?: (members: number) => void } = {}): Promise<number> {
  const page = options.page ?? 2_000;
  const since = new Date(now.getTime() - YEAR_MS);
  let after = '';
  let done = 0;
  let writing: Promise<void> | null = null;
  for (;;) {
    const facts = await memberFactsPage(db, after, page, since);
    if (writing) await writing;
    if (!facts.length) break;
    after = facts[facts.length - 1].id;
    const count = facts.length;
    writing = writeDerivedTags(db, facts.map((f) => ({ id: f.id, tags: deriveTags(f, now) }))).then(() => {
      done += count;
      options.onProgress?.(done);
    });
  }
  return done;
}
