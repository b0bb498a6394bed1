import { randomUUID } from 'node:crypto';
import { AccountWrite } from '../identity/account.repository';
import { prepareAccount } from '../identity/account.validate';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { GeneratedPerson } from './people.generate';

const COLUMNS = ['memberIds', 'memberNames', 'ids', 'accountMembers', 'apps', 'externalIds', 'displayNames', 'nameInitials', 'birthDates', 'cities', 'hashes', 'kinds', 'masks'] as const;
const loadBackgroundStatement = statement<Named<(typeof COLUMNS)[number]>>('bench/load-background', [...COLUMNS]);

interface BackgroundAccount extends AccountWrite {
  id: string;
}

interface MemberRow {
  id: string;
  displayName: string;
  accounts: BackgroundAccount[];
}

/** The batch as the statement's columns: one list per field. */
function columns(members: MemberRow[]) {
  const accounts = members.flatMap((m) => m.accounts.map((a) => ({ ...a, memberId: m.id })));
  const of = <K extends keyof (typeof accounts)[number]>(key: K) => accounts.map((a) => a[key]);
  return {
    memberIds: members.map((m) => m.id),
    memberNames: members.map((m) => m.displayName),
    ids: of('id'),
    accountMembers: of('memberId'),
    apps: of('app'),
    externalIds: of('externalId'),
    displayNames: of('displayName'),
    nameInitials: of('nameInitials'),
    birthDates: of('birthDate'),
    cities: of('city'),
    hashes: accounts.map((a) => a.identifiers.map((i) => i.hash)),
    kinds: accounts.map((a) => a.identifiers.map((i) => i.kind)),
    masks: accounts.map((a) => a.identifiers.map((i) => i.masked)),
  };
}

/**
 * Loads generated people as a background graph until it holds at least `target` accounts: each person becomes one
 * member owning their accounts, written by one UNWIND statement per batch with no matching. The next batch is
 * prepared (hashing identifiers) while the previous one is being written, so the two cores both work.
 * Returns the number of accounts loaded by this call.
 */
export async function loadBackground(
  db: Database,
  hashKey: string,
  people: Iterator<GeneratedPerson>,
  target: number,
  options: { batchAccounts?: number; onProgress?: (loaded: number) => void } = {},
): Promise<number> {
  const batchAccounts = options.batchAccounts ?? 10_000;
  let loaded = 0;
  let inFlight: Promise<unknown> | null = null;
  let exhausted = false;
  while (loaded < target && !exhausted) {
    const members: MemberRow[] = [];
    let count = 0;
    while (count < batchAccounts && loaded + count < target) {
      const next = people.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const person = next.value;
      const accounts = person.accounts.map((g) => {
        const a = prepareAccount(g.input, hashKey);
        return { id: randomUUID(), app: a.app, externalId: a.externalId, displayName: a.displayName, nameInitials: a.nameInitials, birthDate: a.birthDate, city: a.city, identifiers: a.identifiers };
      });
      members.push({ id: randomUUID(), displayName: person.displayName, accounts });
      count += accounts.length;
    }
    if (inFlight) await inFlight;
    const done = loaded + count;
    inFlight = members.length ? db.writeOne(loadBackgroundStatement, columns(members)).then(() => options.onProgress?.(done)) : null;
    loaded = done;
  }
  if (inFlight) await inFlight;
  return loaded;
}
