import { createHash } from 'node:crypto';
import { AppError, badInput, notFound } from '../platform/errors';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { validateRef } from '../identity/account.validate';
import { EventInput, EventType } from './event.input';
import { RecommendationErrorCode } from './recommendation.errors';
import { itemApp } from './recommendation.repository';

const recordEventStatement = statement<Named<'app' | 'externalId' | 'event'>>('recommendation/record-event', ['app', 'externalId', 'event']);
const MONEY_EVENTS = new Set([EventType.PURCHASE, EventType.BOOKING]);
const PASSED_ON_EVENTS = new Set([EventType.SHARE, EventType.REFERRAL]);
const MAX_TEXT = 200;
/** Older than the ecosystem itself: such a date is a client's bug (year 0), not history. */
const EARLIEST_EVENT = new Date('2000-01-01T00:00:00Z');

/**
 * Stores an event against the account where it happened. The event's key is a hash of everything it says, so a
 * client that retries after a timeout stores it once.
 */
export async function recordEvent(db: Database, input: EventInput): Promise<void> {
  const { app, externalId } = validateRef(input.ref);
  if (Number.isNaN(input.at.getTime())) throw badInput('at must be a date-time', 'at');
  if (input.at.getTime() > Date.now() + 5 * 60_000) throw badInput('at must not be in the future', 'at');
  if (input.at.getTime() < EARLIEST_EVENT.getTime()) throw badInput(`at must not be before ${EARLIEST_EVENT.toISOString().slice(0, 10)}`, 'at');
  if (input.amount !== undefined && input.amount !== null) {
    if (!MONEY_EVENTS.has(input.type)) throw badInput('amount is only for PURCHASE and BOOKING events', 'amount');
    if (!Number.isFinite(input.amount) || input.amount < 0 || input.amount > 100_000_000) throw badInput('amount must be from 0 to 100000000 RMB', 'amount');
  } else if (input.type === EventType.PURCHASE) {
    throw badInput('a PURCHASE event needs its amount', 'amount');
  }
  if (input.rating !== undefined && input.rating !== null) {
    if (input.type !== EventType.REVIEW) throw badInput('rating is only for REVIEW events', 'rating');
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw badInput('rating must be from 1 to 5', 'rating');
  }
  for (const field of ['category', 'detail', 'brandId', 'itemId'] as const) {
    if ((input[field]?.length ?? 0) > MAX_TEXT) throw badInput(`${field} must be at most ${MAX_TEXT} characters`, field);
  }
  const to = input.to ? validateRef(input.to) : null;
  if (to) {
    if (!PASSED_ON_EVENTS.has(input.type)) throw badInput('to is only for SHARE and REFERRAL events', 'to');
    if (to.app !== app) throw badInput(`to must be an account on ${app}, where the event happened`, 'to');
    if (to.externalId === externalId) throw badInput('to must be another account than ref', 'to');
  }
  const item = input.itemId ? await itemApp(db, input.itemId) : null;
  if (input.itemId) {
    if (!item) throw new AppError(RecommendationErrorCode.UNKNOWN_ITEM, `Item ${input.itemId} is not in the catalog`, { field: 'itemId' });
    if (item.app !== app) throw badInput(`item ${input.itemId} is on ${item.app}, not on ${app}`, 'itemId');
    if (input.category && input.category !== item.category) throw badInput(`item ${input.itemId} is in category ${item.category}, not ${input.category}`, 'category');
  }
  const event = {
    type: input.type,
    at: input.at.toISOString(),
    brandId: input.brandId ?? item?.brandId ?? null,
    category: input.category ?? item?.category ?? null,
    amount: input.amount ?? null,
    detail: input.detail ?? null,
    // Only when given, so the keys of events stored before ratings existed stay the same for retries.
    ...(input.rating != null ? { rating: input.rating } : {}),
    ...(input.itemId ? { itemId: input.itemId } : {}),
    ...(to ? { toExternalId: to.externalId } : {}),
  };
  const key = createHash('sha256').update(JSON.stringify([app, externalId, event])).digest('base64url');
  const rows = await db.writeOne(recordEventStatement, { app, externalId, event: { rating: null, itemId: null, toExternalId: null, ...event, key } });
  if (!rows.length) throw notFound(to ? `Account ${app}:${externalId} or ${app}:${to.externalId}` : `Account ${app}:${externalId}`);
}
