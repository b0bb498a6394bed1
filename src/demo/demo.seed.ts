import { randomUUID } from 'node:crypto';
import { prepareAccount } from '../identity/account.validate';
import { DERIVED_SUFFIX } from '../identity/matching.levels';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { DEMO_PEOPLE } from './demo.data';

const loadMember = statement<Named<'member' | 'accounts'>>('demo/load-member', ['member', 'accounts']);
const grantMembership = statement<Named<'memberId' | 'program' | 'price' | 'invited'>>('demo/grant-membership', ['memberId', 'program', 'price', 'invited']);
const deleteDemoGraphStatement = statement('demo/delete-demo-graph', []);
const countMembers = statement('identity/count-members', []);

/** Loads the demo graph, one transaction per member; identifiers go through the same normalize-hash-mask path as ingest. */
export async function loadDemoGraph(db: Database, hashKey: string, progress: (done: number, total: number) => void = () => {}): Promise<number> {
  let done = 0;
  for (const person of DEMO_PEOPLE) {
    const accounts = person.accounts.map((account) => {
      const prepared = prepareAccount({ ...account, displayName: person.name, birthDate: person.birthDate, city: person.city }, hashKey);
      // Opaque like every account id: an id must not carry the external id that masking hides.
      return { ...prepared, id: randomUUID(), rules: [...new Set(prepared.identifiers.map((i) => i.kind).filter((kind) => !kind.endsWith(DERIVED_SUFFIX)))] };
    });
    await db.write(async (tx) => {
      await tx.run(loadMember, { member: { id: person.id, displayName: person.name, loyaltyScore: person.loyaltyScore }, accounts });
      for (const program of person.programs ?? []) {
        const price = program === '88VIP' ? (person.loyaltyScore >= 1000 ? 88 : 888) : null;
        await tx.run(grantMembership, { memberId: person.id, program, price, invited: program === 'APASS' });
      }
    }, 'loadDemoMember');
    progress(++done, DEMO_PEOPLE.length);
  }
  return done;
}

export async function removeDemoGraph(db: Database): Promise<number> {
  const [row] = await db.writeOne(deleteDemoGraphStatement);
  return Number(row?.deleted ?? 0);
}

/** True when the graph has no members at all: the only case where start-up loads the demo graph by itself. */
export async function graphIsEmpty(db: Database): Promise<boolean> {
  const [row] = await db.readOne(countMembers);
  return Number(row.members) === 0;
}
