import { DEFAULT_WEIGHTS, MatchRule } from '../identity/identity.config';
import { nameSimilarity } from '../identity/matching.levels';
import { TrainingAccount } from '../identity/matching.training';

/**
 * The matching rules this project used before Fellegi–Sunter (noisy-OR of hand-set weights, score = 1 - Π(1 - w);
 * a contradicting birth date caps a pair at review; DEVICE_ID alone never links), kept only to be measured against.
 * Accounts arrive in order, as in an import: each is compared with the earlier accounts its old blocking finds
 * (identifiers carried by at most `maxAccounts` accounts so far, the first `maxCandidates` of its birth date and city),
 * and the pairs it would LINK are returned.
 */
export function legacyLinks(accounts: TrainingAccount[], maxAccounts: number, maxCandidates: number): [number, number][] {
  const degree = new Map<string, number>();
  const carriers = new Map<string, number[]>();
  const blocks = new Map<string, number[]>();
  const links: [number, number][] = [];
  accounts.forEach((account, i) => {
    const hashes = [...new Set(account.identifiers.filter((x) => !x.kind.endsWith('~')).map((x) => x.hash))];
    for (const hash of hashes) degree.set(hash, (degree.get(hash) ?? 0) + 1);
    const found = new Set<number>();
    for (const hash of hashes) if (degree.get(hash)! <= maxAccounts) for (const j of carriers.get(hash) ?? []) found.add(j);
    const block = account.birthDate && account.city ? `${account.birthDate}|${account.city}` : null;
    if (block) for (const j of (blocks.get(block) ?? []).slice(0, maxCandidates)) found.add(j);
    for (const j of found) if (legacyLinksPair(account, accounts[j], degree, maxAccounts)) links.push([j, i]);
    for (const hash of hashes) carriers.set(hash, [...(carriers.get(hash) ?? []), i]);
    if (block) blocks.set(block, [...(blocks.get(block) ?? []), i]);
  });
  return links;
}

function legacyLinksPair(a: TrainingAccount, b: TrainingAccount, degree: Map<string, number>, maxAccounts: number): boolean {
  const w = DEFAULT_WEIGHTS;
  const hits: { rule: MatchRule; weight: number }[] = [];
  const bHashes = new Set(b.identifiers.map((i) => i.hash));
  const kinds = new Set<string>();
  for (const i of a.identifiers) {
    if (i.kind.endsWith('~') || !bHashes.has(i.hash) || kinds.has(i.kind) || degree.get(i.hash)! > maxAccounts) continue;
    kinds.add(i.kind);
    hits.push({ rule: i.kind as MatchRule, weight: w[i.kind as MatchRule] });
  }
  if (a.displayName && b.displayName) {
    const similarity = nameSimilarity(a.displayName, b.displayName);
    if (similarity >= 0.8) hits.push({ rule: 'NAME', weight: w.NAME * Math.max((similarity - 0.8) / 0.2, 0.2) });
  }
  const contradicted = Boolean(a.birthDate && b.birthDate && a.birthDate !== b.birthDate);
  if (a.birthDate && a.birthDate === b.birthDate) hits.push({ rule: 'BIRTH_DATE', weight: w.BIRTH_DATE });
  if (a.city && b.city && a.city.toLowerCase() === b.city.toLowerCase()) hits.push({ rule: 'CITY', weight: w.CITY });
  const score = 1 - hits.reduce((rest, hit) => rest * (1 - hit.weight), 1);
  const decisive = hits.some((hit) => hit.weight > 0 && hit.rule !== 'DEVICE_ID');
  return score >= 0.9 && decisive && !contradicted;
}
