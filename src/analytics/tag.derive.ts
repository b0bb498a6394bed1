import { Database } from '../platform/neo4j/database';
import { deriveTags } from './tag.rules';
import { nextGeneration } from '../platform/neo4j/generation';
import { memberFactsById, memberFactsPage, writeDerivedTags } from './tag.repository';

const YEAR_MS = 365 * 86_400_000;

/** Members' derived tags as computed from the graph when a derivation began, numbered in the order derivations began. */
export interface MemberTags {
  generation: number;
  rows: { id: string; tags: string[] }[];
}

/**
 * Computes the tags of the given members from their facts. The derivation is numbered before it reads, so that
 * storing can tell an older read from a newer one whichever instance made it.
 */
export async function computeMemberTags(db: Database, memberIds: string[], now: Date): Promise<MemberTags> {
  const generation = await nextGeneration(db, 'member-tags');
  const facts = await memberFactsById(db, memberIds, new Date(now.getTime() - YEAR_MS));
  return { generation, rows: facts.map((f) => ({ id: f.id, tags: deriveTags(f, now) })) };
}

/**
 * Stores computed tags, except on members whose tags a derivation begun later has stored: two derivations at once
 * (two instances, the mutation beside the script) would otherwise let the one that read first write last, bringing
 * back tags the graph no longer supports.
 */
export async function storeMemberTags(db: Database, computed: MemberTags): Promise<void> {
  if (computed.rows.length) await writeDerivedTags(db, computed.generation, computed.rows);
}

/** Derives the tags of the given members now (the derivation of one member is one read and one write). */
export async function deriveMemberTags(db: Database, memberIds: string[], now: Date): Promise<number> {
  const computed = await computeMemberTags(db, memberIds, now);
  await storeMemberTags(db, computed);
  return computed.rows.length;
}

/**
 * Derives the tags of every member, page by page in member-id order (`npm run analytics:derive-tags`). The next page
 * is read while the previous one is written; each page is numbered before it is read, as computeMemberTags does. Each
 * page is its own transaction, so a crash loses at most a page of work and running it again redoes everything (it is
 * idempotent).
 */
export async function deriveAllTags(db: Database, now: Date, options: { page?: number; onProgress?: (members: number) => void } = {}): Promise<number> {
  const page = options.page ?? 2_000;
  const since = new Date(now.getTime() - YEAR_MS);
  let after = '';
  let done = 0;
  let writing: Promise<void> | null = null;
  for (;;) {
    const generation = await nextGeneration(db, 'member-tags');
    const facts = await memberFactsPage(db, after, page, since);
    if (writing) await writing;
    if (!facts.length) break;
    after = facts[facts.length - 1].id;
    const count = facts.length;
    writing = writeDerivedTags(db, generation, facts.map((f) => ({ id: f.id, tags: deriveTags(f, now) }))).then(() => {
      done += count;
      options.onProgress?.(done);
    });
  }
  return done;
}
