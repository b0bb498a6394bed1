import { ServerStep } from './waterfall.rules';
import { ApiError, gql } from './api';

export interface RuleHit {
  rule: string;
  level: string | null;
  weight: number;
  detail: string;
}

export interface Explanation {
  decision: 'LINK' | 'REVIEW' | 'NO_MATCH';
  score: number;
  hits: RuleHit[];
  waterfall: ServerStep[];
}

export interface ClusterAccount {
  id: string;
  externalId: string;
  displayName: string | null;
  app: { code: string; name: string; scenario: string };
  identifiers: { kind: string; masked: string }[];
  link: { method: string; confidence: number; rules: string[]; linkedAt: string; purposes?: string[]; evidence?: LinkEvidence | null } | null;
}

/** What matching decided a link on, kept when it linked (Link.evidence): the account it compared and how. */
export interface LinkEvidence {
  accountId: string;
  score: number;
  hits: RuleHit[];
  waterfall: ServerStep[];
}

export interface ClusterMember {
  id: string;
  displayName: string | null;
  loyaltyScore: number;
  tags: string[];
  accounts: ClusterAccount[];
}

export interface GraphNode {
  id: string;
  labels: string[];
  caption: string;
  /** Shown with its count, not gone through: a tag, brand or store, or an identifier or item shared too widely. */
  hub: boolean;
}

export interface Subgraph {
  nodes: GraphNode[];
  edges: { source: string; target: string; type: string }[];
  truncated: boolean;
}

/** The ecosystem's apps (domain.md), offered as suggestions; the server names the valid ones on UNKNOWN_APP. */
export const APP_CODES = ['TAOBAO', 'TMALL', 'ALIPAY', 'ELEME', 'YOUKU', 'FLIGGY', 'AMAP', 'TAOPIAOPIAO', 'KOUBEI', 'ALIHEALTH', 'CAINIAO', 'NETEASE_MUSIC'];

const clusterQuery = (purposes: boolean) => `query ExplorerCluster($id: ID!) {
  member(id: $id) {
    id displayName loyaltyScore tags
    accounts { id externalId displayName app { code name scenario } identifiers { kind masked }
      link { method confidence rules linkedAt${purposes ? ' purposes' : ''}
        evidence { accountId score hits { rule level weight detail } waterfall { rule level weight tfAdjustment cumulativeWeight probability } } } }
  }
}`;

/** Link.purposes is newer than the rest of the API: asked for while the server knows it, left out once it does not. */
let serverHasPurposes = true;

const unknownPurposes = (error: unknown) => error instanceof ApiError && error.code === 'GRAPHQL_VALIDATION_FAILED' && error.message.includes('purposes');

export async function loadCluster(id: string): Promise<ClusterMember | null> {
  try {
    return (await gql<{ member: ClusterMember | null }>(clusterQuery(serverHasPurposes), { id })).member;
  } catch (error) {
    if (!serverHasPurposes || !unknownPurposes(error)) throw error;
    serverHasPurposes = false;
    return (await gql<{ member: ClusterMember | null }>(clusterQuery(false), { id })).member;
  }
}

export async function findAccountMember(app: string, externalId: string): Promise<string | null> {
  const data = await gql<{ account: { id: string; member: { id: string } | null } | null }>(
    'query ExplorerAccount($ref: AccountRef!) { account(ref: $ref) { id member { id } } }',
    { ref: { app, externalId } },
  );
  return data.account?.member?.id ?? null;
}

export async function explainLink(a: string, b: string): Promise<Explanation> {
  const data = await gql<{ explainMatchByIds: Explanation }>(
    'query ExplorerExplain($a: ID!, $b: ID!) { explainMatchByIds(a: $a, b: $b) { decision score hits { rule level weight detail } waterfall { rule level weight tfAdjustment cumulativeWeight probability } } }',
    { a, b },
  );
  return data.explainMatchByIds;
}

export async function loadNeighborhood(id: string): Promise<Subgraph> {
  const data = await gql<{ neighborhood: Subgraph }>(
    'query ExplorerNeighborhood($id: ID!) { neighborhood(id: $id, depth: 1, limit: 60) { nodes { id labels caption hub } edges { source target type } truncated } }',
    { id },
  );
  return data.neighborhood;
}

export interface ReviewCandidate {
  id: string;
  score: number;
  status: string;
  createdAt: string;
  account: { id: string; externalId: string; displayName: string | null; app: { code: string } };
  candidate: { id: string; externalId: string; displayName: string | null; app: { code: string } };
  hits: RuleHit[];
}

/** The queue's pairs of one status, highest score first; with `accountId`, only the pairs of that account. */
export async function loadReviewQueue(status: string, accountId: string | null = null): Promise<ReviewCandidate[]> {
  const data = await gql<{ reviewQueue: ReviewCandidate[] }>(
    `query ExplorerReviews($status: ReviewStatus!, $accountId: ID) { reviewQueue(status: $status, first: 50, accountId: $accountId) {
      id score status createdAt account { id externalId displayName app { code } } candidate { id externalId displayName app { code } } hits { rule level weight detail } } }`,
    { status, accountId },
  );
  return data.reviewQueue;
}

export async function acceptMatch(id: string): Promise<string> {
  const data = await gql<{ acceptMatch: { id: string } }>('mutation ExplorerAccept($id: ID!) { acceptMatch(id: $id) { id } }', { id });
  return data.acceptMatch.id;
}

export async function rejectMatch(id: string, reason: string): Promise<boolean> {
  const data = await gql<{ rejectMatch: boolean }>('mutation ExplorerReject($id: ID!, $reason: String!) { rejectMatch(id: $id, reason: $reason) }', { id, reason });
  return data.rejectMatch;
}

export interface TagCount {
  name: string;
  derived: boolean;
  members: number;
}

export async function loadTags(): Promise<TagCount[]> {
  return (await gql<{ tags: TagCount[] }>('query ExplorerTags { tags(first: 500) { name derived members } }')).tags;
}

export async function countSegment(expr: unknown): Promise<{ count: number; scanned: number }> {
  return (await gql<{ segment: { count: number; scanned: number } }>('query ExplorerSegment($expr: SegmentExpr!) { segment(expr: $expr) { count scanned } }', { expr })).segment;
}

export interface Brand {
  id: string;
  name: string;
  industry: string;
}

export async function loadBrands(): Promise<Brand[]> {
  return (await gql<{ brands: Brand[] }>('query ExplorerBrands { brands(first: 200) { id name industry } }')).brands;
}

export interface Funnel {
  brand: { name: string };
  from: string;
  to: string;
  stages: { stage: string; members: number; accounts: number }[];
}

export async function loadFunnel(brandId: string, from: string | null, to: string | null): Promise<Funnel> {
  const data = await gql<{ aiplFunnel: Funnel }>(
    'query ExplorerFunnel($brandId: ID!, $from: DateTime, $to: DateTime) { aiplFunnel(brandId: $brandId, from: $from, to: $to) { brand { name } from to stages { stage members accounts } } }',
    { brandId, from, to },
  );
  return data.aiplFunnel;
}

export interface LeaderboardEntry {
  rank: number;
  value: number;
  brand: { name: string };
  stores: { store: { app: string }; value: number }[];
}

export async function loadLeaderboard(industry: string, metric: string, from: string, to: string): Promise<LeaderboardEntry[]> {
  const data = await gql<{ leaderboard: LeaderboardEntry[] }>(
    `query ExplorerLeaderboard($industry: String!, $metric: MemberOpsMetric!, $from: DateTime!, $to: DateTime!) {
      leaderboard(industry: $industry, metric: $metric, from: $from, to: $to, first: 20) { rank value brand { name } stores { store { app } value } } }`,
    { industry, metric, from, to },
  );
  return data.leaderboard;
}

export interface AccountPath {
  length: number;
  nodes: GraphNode[];
  edges: { source: string; target: string; type: string; evidence: string | null }[];
}

/** The shortest chain between two accounts named by id, as analysts name accounts (they never see raw external ids). */
export async function loadPath(a: string, b: string): Promise<AccountPath | null> {
  const data = await gql<{ shortestPathByIds: AccountPath | null }>(
    'query ExplorerPath($a: ID!, $b: ID!) { shortestPathByIds(a: $a, b: $b) { length nodes { id labels caption hub } edges { source target type evidence } } }',
    { a, b },
  );
  return data.shortestPathByIds;
}
