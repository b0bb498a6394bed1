import { GeneratedAccount } from './people.generate';

export interface PairMetrics {
  /** Pairs of accounts put in the same member. */
  predictedPairs: number;
  /** Pairs of accounts of the same person. */
  truePairs: number;
  /** Predicted pairs that are the same person. */
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
  members: number;
  /** Members holding accounts of more than one person, and the most people in one of them. */
  mixedMembers: number;
  mostPeopleInOneMember: number;
  /** Wrong pairs by what the two people have in common. */
  wrongPairs: { shopPhone: number; household: number; other: number };
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * Pairwise precision and recall of a grouping of accounts against the truth: every pair of accounts placed in one
 * member is a predicted link, every pair of accounts of one person a true one.
 */
export function pairMetrics(accounts: GeneratedAccount[], groupOf: (account: GeneratedAccount) => string): PairMetrics {
  const groups = new Map<string, GeneratedAccount[]>();
  for (const account of accounts) {
    const key = groupOf(account);
    const list = groups.get(key);
    if (list) list.push(account);
    else groups.set(key, [account]);
  }
  const personSizes = new Map<string, number>();
  for (const a of accounts) personSizes.set(a.personId, (personSizes.get(a.personId) ?? 0) + 1);
  let truePairs = 0;
  for (const n of personSizes.values()) truePairs += pairs(n);

  let predictedPairs = 0;
  let correctPairs = 0;
  const wrongPairs = { shopPhone: 0, household: 0, other: 0 };
  let mixedMembers = 0;
  let mostPeopleInOneMember = 1;
  for (const members of groups.values()) {
    predictedPairs += pairs(members.length);
    const byPerson = new Map<string, number>();
    for (const a of members) byPerson.set(a.personId, (byPerson.get(a.personId) ?? 0) + 1);
    for (const n of byPerson.values()) correctPairs += pairs(n);
    if (byPerson.size === 1) continue;
    mixedMembers++;
    mostPeopleInOneMember = Math.max(mostPeopleInOneMember, byPerson.size);
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i];
        const b = members[j];
        if (a.personId === b.personId) continue;
        if (a.shopPhone && a.shopPhone === b.shopPhone) wrongPairs.shopPhone++;
        else if (a.householdId === b.householdId) wrongPairs.household++;
        else wrongPairs.other++;
      }
    }
  }
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  return {
    predictedPairs,
    truePairs,
    correctPairs,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    members: groups.size,
    mixedMembers,
    mostPeopleInOneMember,
    wrongPairs,
  };
}
