import { randomUUID } from 'node:crypto';
import { MatchingConfig } from './identity.config';
import { AccountWrite, StoredIdentifier } from './account.repository';
import { MatchDecision } from './matching.rules';
import { LinkMethod } from './link.type';
import { LockedMember } from './merge.rules';
import { isDeterministic, MatchProfile, MatchScore, positiveRules, PROFILE_RULES, ProfileFields, scoreMembers, settleNeighbours, SharedIdentifier } from './matching.rules';
import { chooseSurvivor, joinRefusal, sharesVerified, verifiedFirst } from './merge.rules';
import { linkEvidence } from './link.evidence';
import { UnionFind } from './union.find';
import { Block, BlockKind, nameInitials, profileBlocks } from './matching.blocking';
import { DERIVED_SUFFIX } from './matching.levels';

/**
 * Set-based matching of an import batch: the decisions of `matchAccount` (matching.service.ts) for every account of
 * the batch, taken in memory, in input order, over what one fetch read from the graph, so that the result is the
 * one of ingesting the accounts one by one. The pure rules are the same (scoreMatch, joinRefusal, chooseSurvivor);
 * what one-by-one ingest reads from the graph at each step (identifier degrees, candidates, members and their apps)
 * is kept up to date here as the batch goes: identifier degrees grow as accounts arrive, accounts of the batch
 * become candidates once they have a member, and merges are a union-find over member ids.
 *
 * Nothing here touches the database: batch.matching.repository.ts fetches the graph state and writes the plan.
 */

/** An account as the graph holds it before the batch. */
export interface GraphAccount extends Omit<AccountWrite, 'identifiers' | 'nameInitials'> {
  id: string;
  memberId: string | null;
  /**
   * Hashes of the identifiers it carries: all of them for the batch's existing accounts; for a candidate only those the
   * batch brings or its existing accounts carry (the only ones a batch account can share with it).
   */
  hashes: string[];
  /** The kinds of every identifier it carries (a kind it carries and the subject lacks is evidence). */
  kinds: string[];
  /** Members its do-not-link facts name. */
  dnl: string[];
  /** Hashes of the identifiers it verified (of `hashes`; derived keys of verified identifiers too). */
  verified?: string[];
  /** Its link to its member (existing batch accounts only; for the outcome). */
  link?: OutcomeLink | null;
}

/** A member in play, as the graph holds it before the batch. */
export interface GraphMember {
  id: string;
  displayName: string | null;
  /** createdAt as epoch milliseconds and nanosecond of the second: ordering only (chooseSurvivor's "oldest"). */
  createdMs: number | null;
  createdNs: number | null;
  version: number;
  apps: { app: string; accounts: number }[];
  /** Its accounts' profiles, which complete a candidate's (withMemberProfile). */
  profiles?: (ProfileFields & { id: string })[];
  avoid: string[];
}

export interface GraphIdentifier {
  hash: string;
  kind: string;
  /** Accounts carrying it before the batch. */
  degree: number;
  /** Those accounts' ids, when degree <= identifierMaxAccounts (otherwise it is never expanded). */
  carriers: string[];
  /** Whether the links it justified were re-examined once it passed identifierMaxAccounts (overshared.service.ts). */
  reexamined?: boolean;
}

/** What the candidates statement read for a batch. */
export interface BatchGraph {
  identifiers: GraphIdentifier[];
  /** Per subject key (see subjectKey) and block kind: the best graph accounts of that block, batch accounts excluded. */
  blocks: { key: string; kind: BlockKind; accounts: string[] }[];
  /** Accounts in play that the batch does not touch. */
  accounts: GraphAccount[];
  members: GraphMember[];
}

/** What to ask the graph for, computed from the batch and its accounts that already exist. */
export interface FetchRequest {
  /** The batch's identifiers, distinct, sorted by hash: merged and write-locked in this order. */
  identifiers: StoredIdentifier[];
  /** Hashes existing batch accounts already carry that the batch does not bring again (read only). */
  known: string[];
  /** The profiles whose probabilistic blocks (matching.blocking.ts) to read, by subjectKey. */
  subjects: { key: string; birthDate: string; city: string | null; name: string; initials: string | null }[];
  /** Ids of existing batch accounts: the batch's own state of them wins over the graph's. */
  exclude: Record<string, true>;
  /** Members of existing batch accounts. */
  ownMembers: string[];
}

export interface OutcomeLink {
  method: LinkMethod;
  confidence: number;
  rules: string[];
  linkedAt: Date | null;
  consentId: string | null;
}

export interface PlannedOutcome {
  accountId: string;
  app: string;
  externalId: string;
  displayName: string | null;
  /** The member the account belonged to right after its own step (as one-by-one ingest answers). */
  memberId: string;
  decision: MatchDecision;
  mergedMemberIds: string[];
  link: OutcomeLink;
}

/** `identifiers` are those the batch brings for it (merged onto it, idempotently). */
export interface PlannedAccount extends AccountWrite {
  id: string;
  /** Hashes of the identifiers it has verified, before the batch or in it (marked verified on its links to them). */
  verified: string[];
  isNew: boolean;
  /** The member to link it to (the final survivor of the batch), or null when it keeps its link. */
  memberId: string | null;
  link: { method: LinkMethod; confidence: number; rules: string[]; evidence: string | null } | null;
}

export interface BatchPlan {
  /** Graph members the plan writes to, with the version read: they are write-locked and checked before writing. */
  lockMembers: { id: string; version: number }[];
  /** New members that survive the batch. */
  members: { id: string; displayName: string | null; seq: number }[];
  /** New members merged within the batch: they only keep their id resolving (MergedMember -> survivor). */
  aliases: { id: string; displayName: string | null; seq: number; rootId: string }[];
  accounts: PlannedAccount[];
  /** Graph members merged into a survivor, per survivor, in merge order; displayName is the survivor's final name. */
  merges: { survivorId: string; mergedIds: string[]; displayName: string | null }[];
  reviews: { id: string; pairKey: string; subjectId: string; candidateId: string; score: number; hits: string; seq: number }[];
  events: {
    id: string;
    type: 'MERGE' | 'LINK';
    rules: string[];
    evidenceKinds: string[];
    survivorId: string;
    memberIds: string[];
    accountId: string;
    detail: string;
    /** Members the event is linked to: the survivor's final member and the merged-away ids. */
    concerns: string[];
    seq: number;
  }[];
  /**
   * Identifiers of the batch's accounts carried by more than identifierMaxAccounts accounts once it is written and not
   * re-examined yet: what the re-examination after the commit goes through.
   */
  overShared: string[];
}

export const refKey = (app: string, externalId: string): string => `${app}\u0000${externalId}`;

/** Lower-cased display name: the key of the name evidence that orders a crowded block. */
export const nameKey = (displayName: string | null): string => (displayName ?? '').toLowerCase();

/** What a profile's blocks are read by: its birth date, city and name (which orders each block). */
export const subjectKey = (birthDate: string, city: string | null, displayName: string | null): string =>
  `${birthDate}\u0000${city ?? '\u0001'}\u0000${nameKey(displayName)}`;

const graphBlockKey = (kind: BlockKind, subject: string): string => `${kind}\u0002${subject}`;
const touchedBlockKeys = (block: Block): string[] => block.keys.map((key) => `${block.kind}\u0002${key}`);

/**
 * How well a block candidate's name agrees with the subject's: 100 for the same name (case folded), otherwise the
 * length of their common prefix (up to 16 characters). The same expression orders the block in
 * cypher/identity/match-candidates.cypher and batch-candidates.cypher, so that in a block larger than
 * MATCH_MAX_CANDIDATES the best-named accounts are taken, ties by (app, externalId), whichever path matches.
 */
export function nameEvidence(subject: string, candidate: string): number {
  if (!subject || !candidate) return 0;
  if (subject === candidate) return 100;
  const a = Array.from(subject);
  const b = Array.from(candidate);
  let p = 0;
  while (p < 16 && p < a.length && p < b.length && a[p] === b[p]) p++;
  return p;
}

const byRef = (a: { app: string; externalId: string }, b: { app: string; externalId: string }): number =>
  a.app < b.app ? -1 : a.app > b.app ? 1 : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;

/** The accounts of a batch that already exist, and the identifiers and (birthDate, city, name) subjects to fetch. */
export function fetchRequest(writes: AccountWrite[], existing: GraphAccount[]): FetchRequest {
  const existingByRef = new Map(existing.map((a) => [refKey(a.app, a.externalId), a]));
  const identifiers = new Map<string, StoredIdentifier>();
  const profiles = new Map<string, { displayName: string | null; birthDate: string | null; city: string | null }>();
  const subjects = new Map<string, FetchRequest['subjects'][number]>();
  for (const write of writes) {
    for (const identifier of write.identifiers) identifiers.set(identifier.hash, identifier);
    const key = refKey(write.app, write.externalId);
    const before = profiles.get(key) ?? existingByRef.get(key) ?? { displayName: null, birthDate: null, city: null };
    const profile = {
      displayName: write.displayName ?? before.displayName,
      birthDate: write.birthDate ?? before.birthDate,
      city: write.city ?? before.city,
    };
    profiles.set(key, profile);
    if (profile.birthDate) {
      const subject = subjectKey(profile.birthDate, profile.city, profile.displayName);
      subjects.set(subject, { key: subject, birthDate: profile.birthDate, city: profile.city, name: nameKey(profile.displayName), initials: nameInitials(profile.displayName) });
    }
  }
  const known = new Set<string>();
  for (const account of existing) for (const hash of account.hashes) if (!identifiers.has(hash)) known.add(hash);
  return {
    identifiers: [...identifiers.values()].sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0)),
    known: [...known].sort(),
    subjects: [...subjects.values()],
    exclude: Object.fromEntries(existing.map((a) => [a.id, true as const])),
    ownMembers: [...new Set(existing.map((a) => a.memberId).filter((id): id is string => Boolean(id)))].sort(),
  };
}

interface AccountState {
  id: string;
  app: string;
  externalId: string;
  displayName: string | null;
  birthDate: string | null;
  city: string | null;
  hashes: Set<string>;
  kinds: Set<string>;
  /** Hashes of the identifiers it verified. */
  verified: Set<string>;
  /** The member it was given (an original id: resolve it with the union-find). */
  memberId: string | null;
  dnl: string[];
  isNew: boolean;
  touched: boolean;
  /** Identifiers the batch brings for it. */
  brought: Map<string, StoredIdentifier>;
  link: OutcomeLink | null;
  /** Set when the batch links it to a member. */
  linkedNow: boolean;
  /** What the batch linked it on (link.evidence.ts), when it did. */
  evidence?: string | null;
  /** The blocks it is registered in (touched accounts with a member only), as touchedBlockKeys. */
  blocks: string[];
}

interface MemberState {
  id: string;
  /** Creation order: graph members by their createdAt, then the batch's in creation order. */
  rank: number;
  graph: boolean;
  version: number;
  /** Its own name when it was created (kept by a merged-away member). */
  createdName: string | null;
  displayName: string | null;
  apps: Map<string, number>;
  accounts: number;
  /** Its accounts' profiles by account id (a batch account's own state wins: see others()). */
  profiles: Map<string, ProfileFields>;
  avoid: string[];
  seq: number;
  /** Graph members merged into it (directly or through members merged into it), in merge order. */
  absorbedGraph: string[];
  absorbedAny: boolean;
}

interface IdentifierState {
  kind: string;
  degree: number;
  carriers: Set<string> | null;
  reexamined: boolean;
}

interface Scored {
  candidate: AccountState;
  memberId: string;
  score: MatchScore;
}

/**
 * Decides a whole batch as `matchAccount` would decide its accounts one by one, in input order, and returns what to
 * write (one plan for the batch) and the outcome of each input. `existing` are the batch's accounts that already
 * exist (their state before the batch), `graph` what the candidates statement read.
 */
export function planBatch(
  writes: AccountWrite[],
  existing: GraphAccount[],
  graph: BatchGraph,
  config: MatchingConfig,
  newId: () => string = randomUUID,
): { plan: BatchPlan; outcomes: PlannedOutcome[] } {
  const uf = new UnionFind();
  const members = new Map<string, MemberState>();
  const sortedGraphMembers = [...graph.members].sort(
    (a, b) => (a.createdMs ?? -Infinity) - (b.createdMs ?? -Infinity) || (a.createdNs ?? 0) - (b.createdNs ?? 0) || (a.id < b.id ? -1 : 1),
  );
  sortedGraphMembers.forEach((m, rank) =>
    members.set(m.id, {
      id: m.id,
      rank,
      graph: true,
      version: m.version,
      createdName: m.displayName,
      displayName: m.displayName,
      apps: new Map(m.apps.map((x) => [x.app, x.accounts])),
      accounts: m.apps.reduce((n, x) => n + x.accounts, 0),
      profiles: new Map((m.profiles ?? []).map((p) => [p.id, p])),
      avoid: [...m.avoid],
      seq: -1,
      absorbedGraph: [],
      absorbedAny: false,
    }),
  );
  let nextRank = sortedGraphMembers.length;
  let nextSeq = 0;

  const identifiers = new Map<string, IdentifierState>(
    graph.identifiers.map((i) => [
      i.hash,
      { kind: i.kind, degree: i.degree, carriers: i.degree <= config.identifierMaxAccounts ? new Set(i.carriers) : null, reexamined: i.reexamined ?? false },
    ]),
  );
  const accounts = new Map<string, AccountState>();
  const byRefKey = new Map<string, AccountState>();
  const fromGraph = (a: GraphAccount, touched: boolean): AccountState => ({
    id: a.id,
    app: a.app,
    externalId: a.externalId,
    displayName: a.displayName,
    birthDate: a.birthDate,
    city: a.city,
    hashes: new Set(a.hashes),
    kinds: new Set(a.kinds),
    verified: new Set(a.verified ?? []),
    memberId: a.memberId,
    dnl: [...a.dnl],
    isNew: false,
    touched,
    brought: new Map(),
    link: a.link ?? null,
    linkedNow: false,
    blocks: [],
  });
  for (const a of graph.accounts) accounts.set(a.id, fromGraph(a, false));
  for (const a of existing) {
    const state = fromGraph(a, true);
    accounts.set(a.id, state);
    byRefKey.set(refKey(a.app, a.externalId), state);
  }
  const blocks = new Map(graph.blocks.map((b) => [graphBlockKey(b.kind, b.key), b.accounts]));
  /** Touched accounts that have a member, by block: later accounts of the batch find them there. */
  const touchedBlocks = new Map<string, Set<AccountState>>();
  const register = (account: AccountState): void => {
    const keys = account.memberId ? profileBlocks(account).flatMap(touchedBlockKeys) : [];
    if (keys.length === account.blocks.length && keys.every((k, i) => k === account.blocks[i])) return;
    for (const key of account.blocks) touchedBlocks.get(key)?.delete(account);
    account.blocks = keys;
    for (const key of keys) {
      const set = touchedBlocks.get(key) ?? new Set<AccountState>();
      set.add(account);
      touchedBlocks.set(key, set);
    }
  };
  for (const a of byRefKey.values()) register(a);

  const memberOf = (account: AccountState): MemberState | null => (account.memberId ? members.get(uf.find(account.memberId)) ?? null : null);
  const view = (member: MemberState): LockedMember => ({
    id: member.id,
    createdAt: new Date(member.rank),
    apps: new Map(member.apps),
    accounts: member.accounts,
    avoid: new Set(member.avoid.map((id) => uf.find(id))),
  });
  const newMember = (account: AccountState): MemberState => {
    const member: MemberState = {
      id: newId(),
      rank: nextRank++,
      graph: false,
      version: 0,
      createdName: account.displayName,
      displayName: account.displayName,
      apps: new Map(),
      accounts: 0,
      profiles: new Map(),
      avoid: [],
      seq: nextSeq++,
      absorbedGraph: [],
      absorbedAny: false,
    };
    members.set(member.id, member);
    return member;
  };
  const join = (account: AccountState, member: MemberState): void => {
    account.memberId = member.id;
    member.apps.set(account.app, (member.apps.get(account.app) ?? 0) + 1);
    member.accounts++;
    member.profiles.set(account.id, account);
    member.avoid.push(...account.dnl);
    register(account);
  };
  const merge = (survivor: MemberState, gone: MemberState): void => {
    uf.union(survivor.id, gone.id);
    for (const [app, n] of gone.apps) survivor.apps.set(app, (survivor.apps.get(app) ?? 0) + n);
    survivor.accounts += gone.accounts;
    for (const [id, profile] of gone.profiles) survivor.profiles.set(id, profile);
    survivor.avoid.push(...gone.avoid);
    survivor.displayName = survivor.displayName ?? gone.displayName;
    survivor.absorbedGraph.push(...(gone.graph ? [gone.id] : []), ...gone.absorbedGraph);
    survivor.absorbedAny = true;
  };

  const plan: BatchPlan = { lockMembers: [], members: [], aliases: [], accounts: [], merges: [], reviews: [], events: [], overShared: [] };
  const pairs = new Set<string>();
  const outcomes: PlannedOutcome[] = [];
  const max = config.identifierMaxAccounts;
  const now = new Date();

  for (const write of writes) {
    // 1. The upsert: attributes left out keep their values, identifiers accumulate, degrees grow.
    const key = refKey(write.app, write.externalId);
    let account = byRefKey.get(key);
    if (!account) {
      account = {
        id: newId(),
        app: write.app,
        externalId: write.externalId,
        displayName: null,
        birthDate: null,
        city: null,
        hashes: new Set(),
        kinds: new Set(),
        verified: new Set(),
        memberId: null,
        dnl: [],
        isNew: true,
        touched: true,
        brought: new Map(),
        link: null,
        linkedNow: false,
        blocks: [],
      };
      byRefKey.set(key, account);
      accounts.set(account.id, account);
    }
    account.displayName = write.displayName ?? account.displayName;
    account.birthDate = write.birthDate ?? account.birthDate;
    account.city = write.city ?? account.city;
    for (const identifier of write.identifiers) {
      account.brought.set(identifier.hash, identifier);
      account.kinds.add(identifier.kind);
      if (identifier.verified) account.verified.add(identifier.hash);
      if (account.hashes.has(identifier.hash)) continue;
      account.hashes.add(identifier.hash);
      const state = identifiers.get(identifier.hash);
      if (!state) throw new Error(`identifier ${identifier.hash} of the batch was not fetched`);
      state.degree++;
      state.carriers?.add(account.id);
    }
    register(account);

    // 2. Candidates: accounts sharing an identifier carried by at most `max` accounts, and the best of the block.
    const own = memberOf(account);
    const found = new Map<string, AccountState>();
    for (const hash of account.hashes) {
      const state = identifiers.get(hash);
      if (!state || state.degree > max || !state.carriers) continue;
      for (const id of state.carriers) {
        const candidate = accounts.get(id);
        if (candidate && candidate !== account && candidate.memberId) found.set(id, candidate);
      }
    }
    const subjectName = nameKey(account.displayName);
    for (const block of profileBlocks(account)) {
      const pool: AccountState[] = [];
      for (const id of blocks.get(graphBlockKey(block.kind, subjectKey(account.birthDate!, account.city, account.displayName))) ?? []) {
        const candidate = accounts.get(id);
        if (candidate && !candidate.touched && candidate.memberId) pool.push(candidate);
      }
      // A block found under several keys (INITIALS) holds each touched account once.
      const touched = new Set<AccountState>();
      for (const key of touchedBlockKeys(block)) for (const candidate of touchedBlocks.get(key) ?? []) if (candidate !== account) touched.add(candidate);
      pool.push(...touched);
      const ranked = pool
        .map((candidate) => ({ candidate, evidence: nameEvidence(subjectName, nameKey(candidate.displayName)) }))
        .sort((a, b) => b.evidence - a.evidence || byRef(a.candidate, b.candidate))
        .slice(0, config.maxCandidates);
      for (const { candidate } of ranked) found.set(candidate.id, candidate);
    }

    // 3. The best-scoring account of each other member, skipping do-not-link facts (matching.service bestPerMember).
    const subject: MatchProfile = { displayName: account.displayName, birthDate: account.birthDate, city: account.city, kinds: [...account.kinds] };
    const eligible: { candidate: AccountState; member: MemberState; others: ProfileFields[]; shared: SharedIdentifier[] }[] = [];
    for (const candidate of [...found.values()].sort(byRef)) {
      const member = memberOf(candidate)!;
      if (member === own) continue;
      const forbidden =
        account.dnl.some((id) => uf.find(id) === member.id) || (own !== null && candidate.dnl.some((id) => uf.find(id) === own.id));
      if (forbidden) continue;
      // Ordered by kind and hash, as match-candidates lists them, so that rules tying on evidence keep one order.
      const common = [...account.hashes].filter((hash) => candidate.hashes.has(hash));
      const shared: SharedIdentifier[] = common
        .map((hash) => ({ hash, state: identifiers.get(hash)! }))
        .sort((x, y) => (x.state.kind < y.state.kind ? -1 : x.state.kind > y.state.kind ? 1 : x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0))
        .map(({ hash, state }) => ({ kind: state.kind, accounts: state.degree, verified: account.verified.has(hash), theirs: candidate.verified.has(hash) }));
      // The member's other accounts as they stand now (a batch account's state, else the graph's), as match-candidates reads them.
      const others: ProfileFields[] = [];
      for (const [id, profile] of member.profiles) if (id !== candidate.id) others.push(accounts.get(id) ?? profile);
      eligible.push({ candidate, member, others, shared });
    }
    /** The best-scoring candidate of each member not in `skip`, with the subject completed from `group` (matching.service bestPerMember, linkedAsMember). */
    const bestOf = (group: ProfileFields[], skip: Set<string>): Scored[] => {
      const best = new Map<string, Scored>();
      for (const { candidate, member, others, shared } of eligible) {
        if (skip.has(member.id)) continue;
        const score = scoreMembers(subject, { ...candidate, kinds: [...candidate.kinds] }, others, group, shared, config);
        const current = best.get(member.id);
        if (!current || score.matchWeight > current.score.matchWeight) best.set(member.id, { candidate, memberId: member.id, score });
      }
      // Ties keep the order of each member's first candidate by (app, externalId), as matching.service does.
      return [...best.values()].sort((a, b) => b.score.matchWeight - a.score.matchWeight);
    };
    const scored = settleNeighbours(bestOf([], new Set()));
    const verified = new Set(eligible.filter((e) => sharesVerified(e.shared, max)).map((e) => e.member.id));

    // 4. Join, merge, review: matchAccount's rules on the members as they stand now.
    const views = new Map<string, LockedMember>();
    const viewOf = (member: MemberState): LockedMember => {
      let v = views.get(member.id);
      if (!v) views.set(member.id, (v = view(member)));
      return v;
    };
    const subjectApp = own ? null : account.app;
    const group: LockedMember[] = own ? [viewOf(own)] : [];
    const joined: Scored[] = [];
    let reviews: Scored[] = scored.filter((s) => s.score.decision === MatchDecision.REVIEW);
    const joinAll = (links: Scored[]): void => {
      for (const link of verifiedFirst(links, (l) => verified.has(l.memberId))) {
        const member = viewOf(members.get(link.memberId)!);
        if (joinRefusal(group, member, subjectApp, config.maxAccountsPerApp, verified.has(member.id))) {
          reviews.push(link);
          continue;
        }
        group.push(member);
        joined.push(link);
      }
    };
    joinAll(scored.filter((s) => s.score.decision === MatchDecision.LINK));
    if (joined.length) {
      // The second comparison (matching.service linkedAsMember): the account completed from the members it joined.
      const passed = new Set(scored.filter((s) => s.score.decision === MatchDecision.LINK).map((s) => s.memberId));
      const profiles: ProfileFields[] = [];
      for (const j of joined) {
        profiles.push(j.candidate);
        for (const [id, profile] of members.get(j.memberId)!.profiles) if (id !== j.candidate.id) profiles.push(accounts.get(id) ?? profile);
      }
      const more = bestOf(profiles, passed).filter((s) => s.score.decision === MatchDecision.LINK);
      const now = new Set(more.map((s) => s.memberId));
      reviews = reviews.filter((r) => !now.has(r.memberId));
      joinAll(more);
    }
    for (const review of reviews) {
      const pairKey = [account.id, review.candidate.id].sort().join('|');
      if (pairs.has(pairKey)) continue;
      pairs.add(pairKey);
      plan.reviews.push({
        id: newId(),
        pairKey,
        subjectId: account.id,
        candidateId: review.candidate.id,
        score: review.score.score,
        hits: JSON.stringify(review.score.hits),
        seq: plan.reviews.length,
      });
    }

    if (!group.length) {
      const member = newMember(account);
      join(account, member);
      account.link = { method: LinkMethod.DETERMINISTIC, confidence: 1, rules: ['NEW_MEMBER'], linkedAt: now, consentId: null };
      account.linkedNow = true;
      outcomes.push(outcomeOf(account, member.id, reviews.length ? MatchDecision.REVIEW : MatchDecision.NO_MATCH, []));
      continue;
    }

    const survivorView = chooseSurvivor(group);
    const survivor = members.get(survivorView.id)!;
    const mergedMemberIds = group.filter((m) => m !== survivorView).map((m) => m.id);
    for (const id of mergedMemberIds) merge(survivor, members.get(id)!);
    if (mergedMemberIds.length) {
      const rules = [...new Set(joined.flatMap((j) => positiveRules(j.score.hits)))].sort();
      plan.events.push({
        id: newId(),
        type: 'MERGE',
        rules,
        evidenceKinds: rules.filter((k) => !PROFILE_RULES.includes(k)),
        survivorId: survivor.id,
        memberIds: [survivor.id, ...mergedMemberIds],
        accountId: account.id,
        detail: `account ${account.id} bridged ${group.length} members`,
        concerns: [survivor.id, ...mergedMemberIds],
        seq: plan.events.length,
      });
    }
    if (!own) {
      const decisive = joined[0];
      const rules = positiveRules(decisive.score.hits);
      join(account, survivor);
      account.link = {
        method: isDeterministic(decisive.score.hits) ? LinkMethod.DETERMINISTIC : LinkMethod.PROBABILISTIC,
        confidence: decisive.score.score,
        rules,
        linkedAt: now,
        consentId: null,
      };
      account.evidence = linkEvidence(decisive.candidate.id, decisive.score);
      account.linkedNow = true;
      plan.events.push({
        id: newId(),
        type: 'LINK',
        rules,
        evidenceKinds: rules.filter((k) => !PROFILE_RULES.includes(k)),
        survivorId: survivor.id,
        memberIds: [survivor.id],
        accountId: account.id,
        detail: `account ${account.id} linked on its comparison with account ${decisive.candidate.id}`,
        concerns: [survivor.id],
        seq: plan.events.length,
      });
    }
    const linked = joined.length > 0 || (own !== null && group[0].accounts > 1);
    outcomes.push(
      outcomeOf(account, survivor.id, linked ? MatchDecision.LINK : reviews.length ? MatchDecision.REVIEW : MatchDecision.NO_MATCH, mergedMemberIds),
    );
  }

  // The plan: the final state of everything the batch touched.
  for (const account of byRefKey.values()) {
    if (!account.touched) continue;
    plan.accounts.push({
      id: account.id,
      app: account.app,
      externalId: account.externalId,
      displayName: account.displayName,
      nameInitials: nameInitials(account.displayName),
      birthDate: account.birthDate,
      city: account.city,
      identifiers: [...account.brought.values()],
      verified: [...account.verified].sort(),
      isNew: account.isNew,
      memberId: account.linkedNow && account.memberId ? uf.find(account.memberId) : null,
      link: account.linkedNow && account.link ? { method: account.link.method, confidence: account.link.confidence, rules: account.link.rules, evidence: account.evidence ?? null } : null,
    });
  }
  const locked = new Set<string>();
  for (const member of members.values()) {
    const root = uf.find(member.id);
    if (!member.graph) {
      if (root === member.id) plan.members.push({ id: member.id, displayName: member.displayName, seq: member.seq });
      else plan.aliases.push({ id: member.id, displayName: member.createdName, seq: member.seq, rootId: root });
    } else if (root !== member.id) {
      locked.add(member.id);
    }
    // A new survivor that absorbed only new members already gets its final name when it is created.
    if (root === member.id && member.absorbedAny && (member.graph || member.absorbedGraph.length)) plan.merges.push({ survivorId: member.id, mergedIds: member.absorbedGraph, displayName: member.displayName });
  }
  for (const account of plan.accounts) if (account.memberId && members.get(account.memberId)!.graph) locked.add(account.memberId);
  for (const merge of plan.merges) if (members.get(merge.survivorId)!.graph) locked.add(merge.survivorId);
  plan.lockMembers = [...locked].sort().map((id) => ({ id, version: members.get(id)!.version }));
  for (const event of plan.events) event.concerns[0] = uf.find(event.concerns[0]);
  // As over-shared-of-accounts.cypher would read after the commit: identifiers before derived keys, then by hash.
  plan.overShared = [...identifiers]
    .filter(([, state]) => state.degree > config.identifierMaxAccounts && !state.reexamined)
    .sort(([h1, s1], [h2, s2]) => Number(s1.kind.endsWith(DERIVED_SUFFIX)) - Number(s2.kind.endsWith(DERIVED_SUFFIX)) || (h1 < h2 ? -1 : h1 > h2 ? 1 : 0))
    .map(([hash]) => hash);
  return { plan, outcomes };
}

function outcomeOf(account: AccountState, memberId: string, decision: MatchDecision, mergedMemberIds: string[]): PlannedOutcome {
  return {
    accountId: account.id,
    app: account.app,
    externalId: account.externalId,
    displayName: account.displayName,
    memberId,
    decision,
    mergedMemberIds,
    link: account.link ?? { method: LinkMethod.DETERMINISTIC, confidence: 1, rules: [], linkedAt: null, consentId: null },
  };
}
