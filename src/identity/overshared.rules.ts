import { MatchingConfig } from './identity.config';
import { LinkMethod } from './link.type';
import { MatchProfile, SharedIdentifier } from './matching.levels';
import { MatchDecision, MatchScore, scoreMatch } from './matching.rules';
import { UnionFind } from './union.find';

/** An account of a member as re-examination reads it: what matching compares, its link, and every identifier it carries. */
export interface MemberAccount {
  id: string;
  app: string;
  externalId: string;
  displayName: string | null;
  birthDate: string | null;
  city: string | null;
  method: string | null;
  linkedAt: Date | null;
  /** Identifiers and derived keys, each with how many accounts of the whole graph carry it. */
  identifiers: { hash: string; kind: string; accounts: number; verified?: boolean }[];
}

/** A group of the member's accounts that nothing but the over-shared identifier joins to the rest. */
export interface DetachedPart {
  accountIds: string[];
  /** REVIEW: what remains still reaches the review threshold, the part stays; NO_MATCH: the part is split off. */
  decision: MatchDecision.REVIEW | MatchDecision.NO_MATCH;
  /** The best-scoring pair between the part and the accounts that stay: the review candidate queued. */
  subjectId: string;
  candidateId: string;
  score: MatchScore;
}

export interface Reexamination {
  /** The accounts that keep the member: the largest group still linked without the identifier. */
  stays: string[];
  parts: DetachedPart[];
}

/** Links an operator or the person made stand on their word, not on evidence matching could weigh again. */
const ON_SOMEONES_WORD = new Set<string>([LinkMethod.MANUAL, LinkMethod.USER_ASSERTED]);

const profileOf = (a: MemberAccount): MatchProfile => ({
  displayName: a.displayName,
  birthDate: a.birthDate,
  city: a.city,
  kinds: [...new Set(a.identifiers.map((i) => i.kind))],
});

function sharedBetween(a: MemberAccount, b: MemberAccount): SharedIdentifier[] {
  const other = new Map(b.identifiers.map((i) => [i.hash, i]));
  return a.identifiers.filter((i) => other.has(i.hash)).map((i) => ({ kind: i.kind, accounts: i.accounts, verified: i.verified === true, theirs: other.get(i.hash)?.verified === true }));
}

const time = (a: MemberAccount): number => (a.linkedAt ? new Date(a.linkedAt).getTime() : Number.POSITIVE_INFINITY);

/**
 * Scores a member's accounts against each other again now that `hash` is carried by more than
 * identifierMaxAccounts accounts, so it counts for nothing, and finds the groups it alone held in the member.
 *
 * Accounts are joined where a pair still scores LINK; links made on an operator's or the person's word join their
 * accounts to each other and to the group that stays. The group that stays is the one with such links, else the
 * one with most accounts, else the one linked first. Every other group holding a carrier of `hash` is a part the
 * identifier alone joined: its best pair against the group that stays decides whether it stays with a review queued
 * (REVIEW) or leaves (NO_MATCH, also with a review queued, so that an operator can join it back). Groups without a
 * carrier are left alone: their link did not rest on this identifier. Pure; accounts come in (app, externalId) order.
 */
export function reexamineMember(accounts: MemberAccount[], hash: string, config: MatchingConfig): Reexamination {
  if (accounts.length < 2) return { stays: accounts.map((a) => a.id), parts: [] };
  const profiles = accounts.map(profileOf);
  const groups = new UnionFind();
  const scores = new Map<string, MatchScore>();
  const pairKey = (i: number, j: number) => `${i}|${j}`;
  for (let i = 0; i < accounts.length; i++) {
    for (let j = i + 1; j < accounts.length; j++) {
      const score = scoreMatch(profiles[i], profiles[j], sharedBetween(accounts[i], accounts[j]), config);
      scores.set(pairKey(i, j), score);
      if (score.decision === MatchDecision.LINK) groups.union(accounts[i].id, accounts[j].id);
    }
  }
  const anchored = accounts.filter((a) => a.method !== null && ON_SOMEONES_WORD.has(a.method));
  for (const a of anchored.slice(1)) groups.union(anchored[0].id, a.id);

  const byRoot = new Map<string, number[]>();
  accounts.forEach((a, i) => byRoot.set(groups.find(a.id), [...(byRoot.get(groups.find(a.id)) ?? []), i]));
  const components = [...byRoot.values()];
  const earliest = (c: number[]) => Math.min(...c.map((i) => time(accounts[i])));
  const isAnchored = (c: number[]) => c.some((i) => anchored.includes(accounts[i]));
  // Stable: components are listed in the order of their first account, so full ties keep (app, externalId) order.
  const stays = [...components].sort(
    (x, y) => Number(isAnchored(y)) - Number(isAnchored(x)) || y.length - x.length || earliest(x) - earliest(y),
  )[0];

  const carries = (i: number) => accounts[i].identifiers.some((id) => id.hash === hash);
  const parts: DetachedPart[] = [];
  for (const component of components) {
    if (component === stays || !component.some(carries)) continue;
    let best: { i: number; j: number; score: MatchScore } | null = null;
    // On a tie the subject of the review is a carrier: the account whose link rested on the identifier.
    for (const i of [...component.filter(carries), ...component.filter((i) => !carries(i))]) {
      for (const j of stays) {
        const score = scores.get(i < j ? pairKey(i, j) : pairKey(j, i))!;
        if (!best || score.matchWeight > best.score.matchWeight) best = { i, j, score };
      }
    }
    parts.push({
      accountIds: component.map((i) => accounts[i].id),
      decision: best!.score.decision === MatchDecision.REVIEW ? MatchDecision.REVIEW : MatchDecision.NO_MATCH,
      subjectId: accounts[best!.i].id,
      candidateId: accounts[best!.j].id,
      score: best!.score,
    });
  }
  return { stays: stays.map((i) => accounts[i].id), parts };
}
