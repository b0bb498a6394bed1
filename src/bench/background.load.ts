import { randomUUID } from 'node:crypto';
import { prepareAccount } from '../identity/account.validate';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { GeneratedPerson } from './people.generate';

const loadBackgroundStatement = statement<Named<'members'>>('bench/load-background', ['members']);

interface MemberRow {
  id: string;
  displayName: string;
  accounts: Record<string, unknown>[];
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
        return { id: randomUUID(), app: a.app, externalId: a.externalId, displayName: a.displayName, birthDate: a.birthDate, city: a.city, identifiers: a.identifiers };
      });
      members.push({ id: randomUUID(), displayName: person.displayName, accounts });
      count += accounts.length;
    }
    if (inFlight) await inFlight;
    const done = loaded + count;
    inFlight = members.length ? db.writeOne(loadBackgroundStatement, { members }).then(() => options.onProgress?.(done)) : null;
    loaded = done;
  }
  if (inFlight) await inFlight;
  return loaded;
}
