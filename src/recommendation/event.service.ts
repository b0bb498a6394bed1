import { createHash } from 'node:crypto';
import { AppError, badInput, ErrorCode, notFound } from '../platform/errors';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { validateRef } from '../identity/account.validate';
import { EventInput, EventType } from './event.input';
import { RecommendationErrorCode } from './recommendation.errors';
import { ItemPlace, itemPlaces } from './recommendation.repository';

const recordEventsStatement = statement<Named<'events'>, { stored: number[] }>('recommendation/record-events', ['events']);
const MONEY_EVENTS = new Set([EventType.PURCHASE, EventType.BOOKING]);
const PASSED_ON_EVENTS = new Set([EventType.SHARE, EventType.REFERRAL]);
const MAX_TEXT = 200;
/** Older than the ecosystem itself: such a date is a client's bug (year 0), not history. */
const EARLIEST_EVENT = new Date('2000-01-01T00:00:00Z');
/** The most events one recordEvents call stores (one statement, one transaction). */
export const MAX_EVENTS_PER_CALL = 1000;

/** An event as the statement stores it. */
interface EventRow {
  index: number;
  app: string;
  externalId: string;
  key: string;
  toExternalId: string | null;
  [field: string]: unknown;
}

/** An error about one event of a batch says which one (`extensions.index`); a single event's errors stay as they are. */
function aboutEvent(error: unknown, index: number): unknown {
  if (!(error instanceof AppError)) return error;
  const { code, ...details } = error.extensions as { code: string } & Record<string, unknown>;
  return new AppError(code, `events[${index}]: ${error.message}`, { ...details, index });
}

/** What the statement stores of one valid event; throws the first problem with it. */
function eventRow(input: EventInput, index: number, items: Map<string, ItemPlace>): EventRow {
  const bad = badInput;
  const { app, externalId } = validateRef(input.ref);
  if (Number.isNaN(input.at.getTime())) throw bad('at must be a date-time', 'at');
  if (input.at.getTime() > Date.now() + 5 * 60_000) throw bad('at must not be in the future', 'at');
  if (input.at.getTime() < EARLIEST_EVENT.getTime()) throw bad(`at must not be before ${EARLIEST_EVENT.toISOString().slice(0, 10)}`, 'at');
  if (input.amount !== undefined && input.amount !== null) {
    if (!MONEY_EVENTS.has(input.type)) throw bad('amount is only for PURCHASE and BOOKING events', 'amount');
    if (!Number.isFinite(input.amount) || input.amount < 0 || input.amount > 100_000_000) throw bad('amount must be from 0 to 100000000 RMB', 'amount');
  } else if (input.type === EventType.PURCHASE) {
    throw bad('a PURCHASE event needs its amount', 'amount');
  }
  if (input.rating !== undefined && input.rating !== null) {
    if (input.type !== EventType.REVIEW) throw bad('rating is only for REVIEW events', 'rating');
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw bad('rating must be from 1 to 5', 'rating');
  }
  for (const field of ['category', 'detail', 'brandId', 'itemId'] as const) {
    if ((input[field]?.length ?? 0) > MAX_TEXT) throw bad(`${field} must be at most ${MAX_TEXT} characters`, field);
  }
  const to = input.to ? validateRef(input.to) : null;
  if (to) {
    if (!PASSED_ON_EVENTS.has(input.type)) throw bad('to is only for SHARE and REFERRAL events', 'to');
    if (to.app !== app) throw bad(`to must be an account on ${app}, where the event happened`, 'to');
    if (to.externalId === externalId) throw bad('to must be another account than ref', 'to');
  }
  const item = input.itemId ? items.get(input.itemId) : undefined;
  if (input.itemId) {
    if (!item) throw new AppError(RecommendationErrorCode.UNKNOWN_ITEM, `Item ${input.itemId} is not in the catalog`, { field: 'itemId' });
    if (item.app !== app) throw bad(`item ${input.itemId} is on ${item.app}, not on ${app}`, 'itemId');
    if (input.category && input.category !== item.category) throw bad(`item ${input.itemId} is in category ${item.category}, not ${input.category}`, 'category');
  }
  const event = {
    type: input.type,
    at: input.at.toISOString(),
    brandId: input.brandId ?? item?.brandId ?? null,
    category: input.category ?? item?.category ?? null,
    amount: input.amount ?? null,
    detail: input.detail ?? null,
    // Only when given, so the keys of events stored before these fields existed stay the same for retries.
    ...(input.rating != null ? { rating: input.rating } : {}),
    ...(input.itemId ? { itemId: input.itemId } : {}),
    ...(to ? { toExternalId: to.externalId } : {}),
  };
  const key = createHash('sha256').update(JSON.stringify([app, externalId, event])).digest('base64url');
  return { rating: null, itemId: null, toExternalId: null, ...event, index, app, externalId, key };
}

/**
 * Stores events against the accounts where they happened: all of them or, when one is invalid or names an account
 * that does not exist, none (one statement in one transaction). Each event's key is a hash of everything it says,
 * so a client that retries after a timeout stores nothing twice. Answers how many were given.
 */
async function store(db: Database, inputs: readonly EventInput[], single: boolean): Promise<number> {
  const itemIds = [...new Set(inputs.map((i) => i.itemId).filter((id): id is string => Boolean(id) && id!.length <= MAX_TEXT))];
  const items = await itemPlaces(db, itemIds);
  const rows = inputs.map((input, i) => {
    try {
      return eventRow(input, i, items);
    } catch (error) {
      throw single ? error : aboutEvent(error, i);
    }
  });
  await db.write(async (tx) => {
    const [result] = await tx.run(recordEventsStatement, { events: rows });
    const stored = new Set(result?.stored ?? []);
    const missing = rows.find((r) => !stored.has(r.index));
    if (missing) {
      const what = missing.toExternalId ? `Account ${missing.app}:${missing.externalId} or ${missing.app}:${missing.toExternalId}` : `Account ${missing.app}:${missing.externalId}`;
      // Thrown inside the transaction, so it rolls back the events already written.
      throw single ? notFound(what) : aboutEvent(notFound(what), missing.index);
    }
  }, 'recordEvents');
  return rows.length;
}

/** Stores one event (recordEvent). */
export async function recordEvent(db: Database, input: EventInput): Promise<void> {
  await store(db, [input], true);
}

/** The bulk path (recordEvents): 1 to MAX_EVENTS_PER_CALL events, all or none. */
export async function recordEvents(db: Database, inputs: readonly EventInput[]): Promise<number> {
  if (inputs.length < 1 || inputs.length > MAX_EVENTS_PER_CALL) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `give 1 to ${MAX_EVENTS_PER_CALL} events per call`, { field: 'inputs' });
  }
  return store(db, inputs, false);
}
