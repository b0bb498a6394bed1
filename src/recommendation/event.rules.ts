import { EventType } from './event.input';

const EVERY_APP = [
  EventType.VIEW,
  EventType.CLICK,
  EventType.SEARCH,
  EventType.FAVORITE,
  EventType.REVIEW,
  EventType.SHARE,
  EventType.EXPOSURE,
  EventType.FOLLOW,
  EventType.REFERRAL,
];

/** What each app's backend may report about its own accounts: what happens on that app, nothing else. */
const APP_EVENT_TYPES: Record<string, readonly EventType[]> = {
  TAOBAO: [...EVERY_APP, EventType.ADD_TO_CART, EventType.PURCHASE, EventType.JOIN_BRAND],
  TMALL: [...EVERY_APP, EventType.ADD_TO_CART, EventType.PURCHASE, EventType.JOIN_BRAND],
  ALIPAY: EVERY_APP,
  ELEME: [...EVERY_APP, EventType.ADD_TO_CART],
  YOUKU: [...EVERY_APP, EventType.PLAY],
  FLIGGY: [...EVERY_APP, EventType.BOOKING],
  AMAP: EVERY_APP,
  TAOPIAOPIAO: [...EVERY_APP, EventType.BOOKING],
  KOUBEI: EVERY_APP,
  ALIHEALTH: [...EVERY_APP, EventType.CHECKUP, EventType.BOOKING],
  CAINIAO: EVERY_APP,
  NETEASE_MUSIC: [...EVERY_APP, EventType.PLAY],
};

/**
 * The most one event reported by a partner may be worth. PURCHASE amounts feed the annual spend that gates APASS,
 * and PURCHASE is reported only by the shop apps (see APP_EVENT_TYPES).
 */
export const PARTNER_MAX_AMOUNT = 200_000;

/** Why a partner app may not record this event, or null when it may. */
export function partnerEventRefusal(app: string, event: { type: EventType; amount?: number | null }): string | null {
  if (!(APP_EVENT_TYPES[app] ?? []).includes(event.type)) return `${app} does not report ${event.type} events`;
  if (event.amount != null && event.amount > PARTNER_MAX_AMOUNT) return `an event reported by a partner app is worth at most ${PARTNER_MAX_AMOUNT} RMB`;
  return null;
}
