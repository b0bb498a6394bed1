import { randomUUID } from 'node:crypto';
import { deriveMemberTags } from '../analytics/tag.derive';
import { prepareAccount } from '../identity/account.validate';
import { recordChange } from '../identity/change.outbox';
import { IdentityConfig } from '../identity/identity.config';
import { ingestAccount } from '../identity/ingest.service';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { recordEvents, MAX_EVENTS_PER_CALL } from '../recommendation/event.service';
import { DemoAccount, DemoPerson, DEMO_PEOPLE } from './demo.data';
import { demoEvents } from './demo.events';

const createMember = statement<Named<'member' | 'account' | 'purposes'>, { accountId: string | null }>('demo/create-member', ['member', 'account', 'purposes']);
const markDemo = statement<Named<'refs'>, { memberIds: string[] }>('demo/mark-demo', ['refs']);
const grantMembership = statement<Named<'memberId' | 'program' | 'price' | 'invited'>>('demo/grant-membership', ['memberId', 'program', 'price', 'invited']);
const deleteDemoGraphStatement = statement('demo/delete-demo-graph', []);
const countMembers = statement('identity/count-members', []);

/** What loading the demo graph needs of the identity configuration (the outbox is always on for it). */
export type DemoConfig = Pick<IdentityConfig, 'identifierHashKey' | 'matching' | 'linkDefaultPurposes' | 'reexamineAfterIngest'> & Partial<IdentityConfig>;

export interface DemoLoad {
  /** People loaded (DEMO_PEOPLE). */
  people: number;
  /** The live members their accounts belong to now (a review or a household keeps some apart). */
  memberIds: string[];
  events: number;
}

function accountInput(person: DemoPerson, account: DemoAccount) {
  return {
    app: account.app,
    externalId: account.externalId,
    displayName: account.profile?.displayName === undefined ? person.name : account.profile.displayName,
    birthDate: account.profile?.birthDate === undefined ? person.birthDate : account.profile.birthDate,
    city: account.profile?.city === undefined ? person.city : account.profile.city,
    identifiers: account.identifiers,
  };
}

/**
 * Loads the demo graph as the apps would have built it: each person's first account (and any marked `ownMember`)
 * signs up as a member with the demo id, then every other account goes through ingest (`upsertAccount`'s path, with
 * the identity-change outbox on), so links, merges and reviews are matching's own, with their LINKED and MERGED
 * changes in the partners' feeds. Then memberships, a year of events through `recordEvents`, and the derived tags of
 * the demo members. Idempotent on one day (a reload the same day stores nothing twice); other data is untouched.
 */
export async function loadDemoGraph(db: Database, config: DemoConfig, progress: (done: number, total: number) => void = () => {}, now = new Date()): Promise<DemoLoad> {
  const identity = { ...config, identityChanges: true } as IdentityConfig;
  let done = 0;
  for (const person of DEMO_PEOPLE) {
    for (const [index, account] of person.accounts.entries()) {
      const input = accountInput(person, account);
      if (index > 0 && !account.ownMember) {
        await ingestAccount(db, identity, input);
        continue;
      }
      const prepared = prepareAccount(input, config.identifierHashKey);
      const member = { id: account.ownMember ?? person.id, displayName: person.name, loyaltyScore: person.loyaltyScore };
      await db.write(async (tx) => {
        // Opaque like every account id: an id must not carry the external id that masking hides.
        const [row] = await tx.run(createMember, { member, account: { ...prepared, id: randomUUID() }, purposes: identity.linkDefaultPurposes });
        if (row?.accountId) await recordChange(tx, identity, { kind: 'LINKED', memberId: member.id, accountIds: [row.accountId] });
      }, 'loadDemoMember');
    }
    await db.write(async (tx) => {
      for (const program of person.programs ?? []) {
        const price = program === '88VIP' ? (person.loyaltyScore >= 1000 ? 88 : 888) : null;
        await tx.run(grantMembership, { memberId: person.id, program, price, invited: program === 'APASS' });
      }
    }, 'loadDemoMemberships');
    progress(++done, DEMO_PEOPLE.length);
  }
  const refs = DEMO_PEOPLE.flatMap((p) => p.accounts.map((a) => ({ app: a.app, externalId: a.externalId })));
  const [marked] = await db.writeOne(markDemo, { refs });
  const events = demoEvents(DEMO_PEOPLE, now);
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_CALL) await recordEvents(db, events.slice(i, i + MAX_EVENTS_PER_CALL));
  const memberIds = [...marked.memberIds].sort();
  await deriveMemberTags(db, memberIds, now);
  return { people: DEMO_PEOPLE.length, memberIds, events: events.length };
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
