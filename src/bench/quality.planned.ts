import { AccountInput } from '../identity/account.input';
import { prepareAccount } from '../identity/account.validate';
import { fetchRequest, planBatch } from '../identity/batch.matching';
import { MatchingConfig } from '../identity/identity.config';
import { GeneratedAccount } from './people.generate';

const BENCH_KEY = 'bench-quality-planned-key-0123456789';

/**
 * The import's own decisions without a database: the whole file planned as one batch into an empty graph
 * (planBatch, which decides as one-by-one ingest would, joins, merges, reviews and the bridge guard included). The
 * over-shared re-examination that follows each batch of a real import is not replayed. `everyIdentifierVerified`
 * marks every identifier verified, which is matching before only verified identifiers could bridge two members.
 * Returns each account's member, by index.
 */
export function plannedMembers(accounts: GeneratedAccount[], config: MatchingConfig, options: { everyIdentifierVerified: boolean }): (index: number) => string {
  const writes = accounts.map((a) => {
    const input: AccountInput = options.everyIdentifierVerified ? { ...a.input, identifiers: a.input.identifiers.map((i) => ({ ...i, verified: true })) } : a.input;
    return prepareAccount(input, BENCH_KEY);
  });
  const graph = { identifiers: fetchRequest(writes, []).identifiers.map((i) => ({ hash: i.hash, kind: i.kind, degree: 0, carriers: [] })), blocks: [], accounts: [], members: [] };
  const { plan } = planBatch(writes, [], graph, config);
  const memberOf = new Map(plan.accounts.map((a) => [`${a.app}\u0000${a.externalId}`, a.memberId ?? a.id]));
  const members = accounts.map((a) => memberOf.get(`${a.input.app}\u0000${a.input.externalId}`)!);
  return (index) => members[index];
}
