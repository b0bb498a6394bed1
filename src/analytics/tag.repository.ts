import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';
import { BoundedTx } from '../platform/neo4j/bounded.read';
import { inKeyOrder } from '../platform/neo4j/key.order';
import { MemberFacts } from './tag.rules';

type FactsRow = { id: string; apps: string[]; cities: string[]; birthDates: string[]; vip88Until: Date | null; purchases: { at: Date; amount: number; luxury: boolean }[] };

const tagMemberStatement = statement<Named<'memberId' | 'tags'>>('analytics/tag-member', ['memberId', 'tags']);
const memberTagsStatement = statement<Named<'ids'>, { id: string; tags: string[] }>('analytics/member-tags', ['ids']);
const tagSizesStatement = statement<Named<'names'>, { name: string; size: number }>('analytics/tag-sizes', ['names']);
const tagsStatement = statement<Named<'prefix' | 'first'>, { name: string; derived: boolean; members: number }>('analytics/tags', ['prefix', 'first']);
const memberCountStatement = statement<Named<never>, { members: number }>('analytics/member-count', []);
const factsPageStatement = statement<Named<'after' | 'first' | 'since'>, FactsRow>('analytics/member-facts-page', ['after', 'first', 'since']);
const factsByIdStatement = statement<Named<'ids' | 'since'>, FactsRow>('analytics/member-facts-by-id', ['ids', 'since']);
const writeDerivedStatement = statement<Named<'generation' | 'rows'>>('analytics/write-derived-tags', ['generation', 'rows']);

/** Adds tags set by hand to a live member; false when there is no such member. */
export async function addManualTags(db: Database, memberId: string, tags: string[]): Promise<boolean> {
  return (await db.writeOne(tagMemberStatement, { memberId, tags })).length > 0;
}

/** Batch: each member's tags, sorted, in key order. */
export async function loadMemberTags(db: Database, ids: readonly string[]): Promise<string[][]> {
  const rows = await db.readOne(memberTagsStatement, { ids });
  return inKeyOrder(ids, rows, (r) => r.id, (r) => r.tags, []);
}

/** Members carrying each tag (-1: a tag no member ever had), from the tag nodes' degrees. */
export async function tagSizes(tx: BoundedTx, names: string[]): Promise<Map<string, number>> {
  const rows = await tx.run(tagSizesStatement, { names });
  return new Map(rows.map((r) => [r.name, r.size]));
}

export async function memberCount(tx: BoundedTx): Promise<number> {
  return (await tx.run(memberCountStatement))[0]?.members ?? 0;
}

export async function listTags(db: Database, prefix: string, first: number) {
  return db.readOne(tagsStatement, { prefix, first: cypherInt(first) });
}

export interface FactsOf extends MemberFacts {
  id: string;
}

/** The next page of members' facts in id order, after `after` ('' for the first). */
export async function memberFactsPage(db: Database, after: string, first: number, since: Date): Promise<FactsOf[]> {
  return db.readOne(factsPageStatement, { after, first: cypherInt(first), since: since.toISOString() });
}

export async function memberFactsById(db: Database, ids: string[], since: Date): Promise<FactsOf[]> {
  return db.readOne(factsByIdStatement, { ids, since: since.toISOString() });
}

/** Replaces the derived tags of each member by the given ones, unless a derivation begun later has written its own. */
export async function writeDerivedTags(db: Database, generation: number, rows: { id: string; tags: string[] }[]): Promise<void> {
  await db.writeOne(writeDerivedStatement, { generation: cypherInt(generation), rows });
}
