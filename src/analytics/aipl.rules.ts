import { EventType } from '../recommendation/event.input';

/** The AIPL stages, shallowest first; a member is in the deepest stage its events reach. */
export enum AiplStage {
  AWARENESS = 'AWARENESS',
  INTEREST = 'INTEREST',
  PURCHASE = 'PURCHASE',
  LOYALTY = 'LOYALTY',
}

/** Stage by level, as the statements compute it (1 = AWARENESS ... 4 = LOYALTY; 0 = no stage). */
export const STAGE_BY_LEVEL: readonly (AiplStage | null)[] = [null, AiplStage.AWARENESS, AiplStage.INTEREST, AiplStage.PURCHASE, AiplStage.LOYALTY];

/** Events that make a member aware of a brand: it was shown to them, or they looked at it. */
export const AWARENESS_EVENTS: readonly EventType[] = [EventType.EXPOSURE, EventType.VIEW];

/** Events that show interest. A REVIEW below GOOD_REVIEW_RATING (or without a rating) is interest, not loyalty. */
export const INTEREST_EVENTS: readonly EventType[] = [
  EventType.CLICK,
  EventType.SEARCH,
  EventType.FAVORITE,
  EventType.ADD_TO_CART,
  EventType.FOLLOW,
  EventType.SHARE,
  EventType.REFERRAL,
  EventType.REVIEW,
];

/** A review with at least this many stars is a good review: loyalty. */
export const GOOD_REVIEW_RATING = 4;

export interface AiplEvent {
  type: string;
  rating?: number | null;
}

/**
 * The AIPL stage of one member (or one account, or one member within one store) with one brand over a window, from
 * the events about that brand in the window and whether it bought from the brand before the window:
 *
 * - LOYALTY: joined the brand's membership (JOIN_BRAND), reviewed it well (REVIEW rated 4 or 5), or bought again
 *   (two purchases in the window, or one in the window after one before it);
 * - PURCHASE: bought once in the window;
 * - INTEREST: clicked, searched, favorited, added to cart, followed, shared, referred, or reviewed without a good rating;
 * - AWARENESS: was shown the brand or viewed it;
 * - null: no event about the brand in the window that counts (bookings, plays... do not).
 *
 * The funnel statements (cypher/analytics/aipl-*.cypher) compute exactly this; the api tests compare them.
 */
export function aiplStage(events: readonly AiplEvent[], purchasedBefore: boolean): AiplStage | null {
  const purchases = events.filter((e) => e.type === EventType.PURCHASE).length;
  const loyal =
    events.some((e) => e.type === EventType.JOIN_BRAND || (e.type === EventType.REVIEW && (e.rating ?? 0) >= GOOD_REVIEW_RATING)) ||
    purchases >= 2 ||
    (purchases >= 1 && purchasedBefore);
  if (loyal) return AiplStage.LOYALTY;
  if (purchases > 0) return AiplStage.PURCHASE;
  if (events.some((e) => (INTEREST_EVENTS as readonly string[]).includes(e.type))) return AiplStage.INTEREST;
  if (events.some((e) => (AWARENESS_EVENTS as readonly string[]).includes(e.type))) return AiplStage.AWARENESS;
  return null;
}
