import { randomUUID } from 'node:crypto';
import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database, Row, Tx } from '../platform/neo4j/database';
import { inKeyOrder } from '../platform/neo4j/key.order';
import { BenefitDefinition } from './benefit.rules';
import { LoyaltyScoreChange, Membership } from './membership.type';

const memberStandingStatement = statement<Named<'ids' | 'yearStart' | 'monthStart'>>('membership/member-standing', ['ids', 'yearStart', 'monthStart']);
const memberSpendStatement = statement<Named<'ids' | 'since'>>('membership/member-spend', ['ids', 'since']);
const membershipsByMemberStatement = statement<Named<'ids'>>('membership/memberships-by-member', ['ids']);
const benefitCatalogStatement = statement('membership/benefit-catalog', []);
const setLoyaltyScoreStatement = statement<Named<'memberId' | 'score'>>('membership/set-loyalty-score', ['memberId', 'score']);
const loyaltyHistoryStatement = statement<Named<'ids' | 'first'>>('membership/loyalty-history', ['ids', 'first']);
const joinProgramStatement = statement<Named<'memberId' | 'program' | 'membershipId' | 'months' | 'price'>>('membership/join-program', ['memberId', 'program', 'membershipId', 'months', 'price']);
const inviteStatement = statement<Named<'memberId' | 'program'>>('membership/invite', ['memberId', 'program']);
const redemptionByKeyStatement = statement<Named<'idempotencyKey'>>('membership/redemption-by-key', ['idempotencyKey']);
const createRedemptionStatement = statement<Named<'accountId' | 'benefitId' | 'id' | 'idempotencyKey' | 'remainingUses'>>('membership/create-redemption', ['accountId', 'benefitId', 'id', 'idempotencyKey', 'remainingUses']);
const lockMemberStatement = statement<Named<'id'>>('membership/lock-member', ['id']);
const recordPaymentStatement = statement<Named<'key' | 'memberId' | 'program' | 'amount'>>('membership/record-payment', ['key', 'memberId', 'program', 'amount']);
const membershipPaidByStatement = statement<Named<'key' | 'membershipId'>>('membership/membership-paid-by', ['key', 'membershipId']);
const membershipByIdStatement = statement<Named<'id'>>('membership/membership-by-id', ['id']);
const holdsAccountOnStatement = statement<Named<'memberId' | 'app'>>('membership/holds-account-on', ['memberId', 'app']);

/** Uses of one benefit by all of a member's accounts, in the current month, the current year and in all. */
export interface BenefitUsage {
  benefitId: string;
  month: number;
  year: number;
  total: number;
}

/** A member's standing for programs and benefits, read in one statement. */
export interface StandingRow {
  id: string;
  loyaltyScore: number;
  memberships: { program: string; until: Date }[];
  invitedTo: string[];
  linkedApps: string[];
  usage: BenefitUsage[];
}

/** The current benefit periods' starts: a standing counts uses since them (and of ONCE benefits, in all). */
export interface UsageWindow {
  monthStart: Date;
  yearStart: Date;
}

export function toStanding(r: Row): StandingRow {
  const usage = (r.usage as Row[]).map((u) => ({ benefitId: u.benefitId as string, month: Number(u.month), year: Number(u.year), total: Number(u.total) }));
  return { ...(r as unknown as StandingRow), loyaltyScore: Number(r.loyaltyScore ?? 0), usage };
}

/** Batch: the standing of each member id (null for a miss), in key order. */
export async function loadStandings(tx: Tx, ids: readonly string[], window: UsageWindow): Promise<(StandingRow | null)[]> {
  const rows = await tx.run(memberStandingStatement, {
    ids,
    monthStart: window.monthStart.toISOString(),
    yearStart: window.yearStart.toISOString(),
  });
  return inKeyOrder<string, Row, StandingRow | null>(ids, rows, (r) => r.id as string, toStanding, null);
}

/** Batch: RMB spent in PURCHASE events since `since` by each member id (0 for a miss), in key order. */
export async function loadSpends(tx: Tx, ids: readonly string[], since: Date): Promise<number[]> {
  const rows = await tx.run(memberSpendStatement, { ids, since: since.toISOString() });
  return inKeyOrder(ids, rows, (r) => r.id as string, (r) => Number(r.spend ?? 0), 0);
}

export function toMembership(row: Row, now: Date): Membership {
  const until = (row.until as Date | null) ?? null;
  return Object.assign(new Membership(), {
    id: row.id as string,
    program: row.program as string,
    since: row.since as Date,
    until,
    pricePaid: (row.pricePaid as number | null) ?? null,
    renewals: Number(row.renewals ?? 0),
    status: until && until > now ? 'ACTIVE' : 'EXPIRED',
  });
}

/** Batch: the memberships of each member id, in key order. */
export async function loadMembershipsByMember(db: Database, ids: readonly string[]): Promise<Membership[][]> {
  const rows = await db.readOne(membershipsByMemberStatement, { ids });
  const now = new Date();
  return inKeyOrder(ids, rows, (r) => r.memberId as string, (r) => (r.memberships as Row[]).map((m) => toMembership(m, now)), []);
}

export async function loadBenefitCatalog(tx: Tx): Promise<BenefitDefinition[]> {
  const rows = await tx.run(benefitCatalogStatement);
  return rows.map((r) => r.benefit as BenefitDefinition);
}

export async function setLoyaltyScore(db: Database, memberId: string, score: number): Promise<boolean> {
  const rows = await db.writeOne(setLoyaltyScoreStatement, { memberId, score: cypherInt(score) });
  return rows.length === 1;
}

/** Batch: the newest `first` loyalty score changes of each member id ([] for a miss), in key order. */
export async function loadLoyaltyHistories(db: Database, memberIds: readonly string[], first: number): Promise<LoyaltyScoreChange[][]> {
  const rows = await db.readOne(loyaltyHistoryStatement, { ids: memberIds, first: cypherInt(first) });
  return inKeyOrder(memberIds, rows, (r) => r.id as string, (r) => r.changes as LoyaltyScoreChange[], []);
}

export async function lockMember(tx: Tx, id: string): Promise<boolean> {
  return (await tx.run(lockMemberStatement, { id })).length === 1;
}

/** Whether the member holds an account on the app (a payments app charges only the holders of its accounts). */
export async function holdsAccountOn(tx: Tx, memberId: string, app: string): Promise<boolean> {
  return (await tx.run(holdsAccountOnStatement, { memberId, app })).length === 1;
}

export async function joinProgram(tx: Tx, memberId: string, program: string, price: number | null, months: number): Promise<Row> {
  const [row] = await tx.run(joinProgramStatement, { memberId, program, membershipId: randomUUID(), price, months: cypherInt(months) });
  return row.membership as Row;
}

export interface RecordedPayment {
  fresh: boolean;
  memberId: string;
  program: string;
  membershipId: string | null;
}

/** Records a program payment under its scoped key; `fresh` is false when the key was recorded before. */
export async function recordPayment(tx: Tx, key: string, memberId: string, program: string, amount: number | null): Promise<RecordedPayment> {
  const [row] = await tx.run(recordPaymentStatement, { key, memberId, program, amount });
  return row as unknown as RecordedPayment;
}

export async function notePaymentMembership(tx: Tx, key: string, membershipId: string): Promise<void> {
  await tx.run(membershipPaidByStatement, { key, membershipId });
}

export async function findMembership(tx: Tx, id: string): Promise<Row | null> {
  const [row] = await tx.run(membershipByIdStatement, { id });
  return row ? (row.membership as Row) : null;
}

export async function invite(tx: Tx, memberId: string, program: string): Promise<void> {
  await tx.run(inviteStatement, { memberId, program });
}

export interface StoredRedemption {
  id: string;
  benefitId: string;
  redeemedAt: Date;
  accountId: string;
  remainingUses: number | null;
}

export async function findRedemptionByKey(tx: Tx, idempotencyKey: string): Promise<StoredRedemption | null> {
  const [row] = await tx.run(redemptionByKeyStatement, { idempotencyKey });
  return row ? (row.redemption as StoredRedemption) : null;
}

export async function createRedemption(tx: Tx, idempotencyKey: string, benefitId: string, accountId: string, remainingUses: number | null): Promise<StoredRedemption> {
  const [row] = await tx.run(createRedemptionStatement, {
    id: randomUUID(),
    idempotencyKey,
    benefitId,
    accountId,
    remainingUses: remainingUses === null ? null : cypherInt(remainingUses),
  });
  return row.redemption as StoredRedemption;
}
