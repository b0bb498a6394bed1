import { IdentifierKind } from '../identity/identifier.kind';
import { normalizeIdentifier } from '../identity/identifier.normalize';
import { GeneratedAccount } from './people.generate';

const STRONG = new Set<string>([IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.PAYMENT_ID, IdentifierKind.ID_DOCUMENT]);

/**
 * The grouping that exact matching on strong identifiers alone gives, computed in memory: accounts sharing a phone,
 * email, payment id or ID document are one member, transitively (union–find). With `maxAccounts`, an identifier
 * carried by more accounts than that is ignored, as a shop's phone should be.
 */
export function strongExactGroups(accounts: GeneratedAccount[], maxAccounts = Infinity): (account: GeneratedAccount) => string {
  const parent = accounts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const carriers = new Map<string, number[]>();
  accounts.forEach((account, index) => {
    for (const { kind, value } of account.input.identifiers) {
      if (!STRONG.has(kind)) continue;
      const key = `${kind}:${normalizeIdentifier(kind, value)}`;
      const list = carriers.get(key);
      if (list) list.push(index);
      else carriers.set(key, [index]);
    }
  });
  for (const list of carriers.values()) {
    if (list.length > maxAccounts) continue;
    for (const i of list.slice(1)) parent[find(i)] = find(list[0]);
  }
  const indexOf = new Map(accounts.map((a, i) => [a, i]));
  return (account) => String(find(indexOf.get(account)!));
}
