/** An item of the catalog as ranking sees it. */
export interface CatalogItem {
  id: string;
  title: string;
  app: string;
  category: string;
  brandId: string | null;
  price: number | null;
  /** Events that mean a member has it, over the popularity window (refreshed in the background). */
  popularity: number;
  /** Programs whose brand discount the item's brand honours. */
  discountPrograms: string[];
  /** The parts of the world the item is for ("europe"); empty: anywhere. */
  regions: string[];
}

/** Something the member did, on any of the accounts linked to it now. */
export interface HistoryEvent {
  type: string;
  app: string;
  category: string | null;
  /** The category's label ("an international flight"), when the catalog knows the category. */
  label: string | null;
  detail: string | null;
  at: Date;
  itemId: string | null;
  itemTitle: string | null;
  /** The region the event points to: its item's, or that of the destination its detail names ("Amsterdam": europe). */
  region: string | null;
}

/** A cross-app signal targeting the asked app, with the items of its target category. */
export interface SignalCandidates {
  fromApp: string;
  fromCategory: string;
  /** The category on the asked app the signal suggests (its items are `items`). */
  toCategory: string;
  weight: number;
  windowDays: number;
  halfLifeDays: number;
  items: CatalogItem[];
}

/** An item similar (by the members who have both) to one the member has. */
export interface CollaborativeCandidate {
  item: CatalogItem;
  viaId: string;
  viaTitle: string;
  viaApp: string;
  similarity: number;
}

/** What ranking reads for one member and one app (recommendation/member-evidence). */
export interface Evidence {
  history: HistoryEvent[];
  /** Items the member has already: never recommended. */
  owned: string[];
  collaborative: CollaborativeCandidate[];
  signals: SignalCandidates[];
  popular: CatalogItem[];
  /** Programs the member holds an active membership of. */
  programs: string[];
}

export enum SignalKind {
  CROSS_APP = 'CROSS_APP',
  SAME_APP = 'SAME_APP',
  COLLABORATIVE = 'COLLABORATIVE',
  POPULAR = 'POPULAR',
  MEMBERSHIP_DISCOUNT = 'MEMBERSHIP_DISCOUNT',
}

export interface Ranked {
  item: CatalogItem;
  score: number;
  /** For the member (and admins): names the evidence. */
  reason: string;
  /** For partners: evidence from apps other than `app` is not named. */
  publicReason: string;
  signals: SignalKind[];
}

export interface RankOptions {
  app: string;
  now: Date;
  first: number;
  /** Added to the score of an item whose brand discount the member's membership gives (0.15 = +15%). */
  discountBoost: number;
}

/** How much an event says about the member's intent; EXPOSURE (an ad shown) says nothing. */
export const EVENT_WEIGHT: Readonly<Record<string, number>> = {
  PURCHASE: 1,
  BOOKING: 1,
  CHECKUP: 1,
  PLAY: 0.7,
  ADD_TO_CART: 0.6,
  FAVORITE: 0.5,
  REVIEW: 0.5,
  SEARCH: 0.4,
  SHARE: 0.4,
  CLICK: 0.3,
  VIEW: 0.3,
  FOLLOW: 0.3,
  JOIN_BRAND: 0.3,
  REFERRAL: 0.3,
  EXPOSURE: 0,
};

/** Event types that mean the member has the item: they feed item similarity and are never recommended again. */
export const HAVING_TYPES = ['PURCHASE', 'BOOKING', 'CHECKUP', 'PLAY'] as const;

/** The mix of signals in one score. Cross-app and collaborative evidence lead; popularity breaks ties. */
export const MIX = { signal: 1, collaborative: 0.8, popularity: 0.2 } as const;

/**
 * How well an item fits where an event points (a trip to Europe): an item for that region fully, an item for anywhere
 * (a global eSIM, a universal adapter) less, an item for another region (the Japan SIM after a flight to Amsterdam)
 * little. An event that points nowhere fits every item fully.
 */
export const REGION_FIT = { same: 1, anywhere: 0.8, elsewhere: 0.25 } as const;

export function regionFit(item: Pick<CatalogItem, 'regions'>, event: Pick<HistoryEvent, 'region'>): number {
  if (!event.region) return 1;
  if (!item.regions?.length) return REGION_FIT.anywhere;
  return item.regions.includes(event.region) ? REGION_FIT.same : REGION_FIT.elsewhere;
}

const DAY_MS = 86_400_000;

/** A source category covers itself and its subcategories: "music" covers "music.pop". */
export function categoryCovers(source: string, category: string | null): boolean {
  return category !== null && (category === source || category.startsWith(`${source}.`));
}

/** The weight of a signal for one event: zero outside its window, halving every half-life inside it. */
export function signalStrength(signal: Pick<SignalCandidates, 'weight' | 'windowDays' | 'halfLifeDays'>, event: HistoryEvent, now: Date): number {
  const ageDays = Math.max(0, (now.getTime() - event.at.getTime()) / DAY_MS);
  if (ageDays > signal.windowDays) return 0;
  const decay = signal.halfLifeDays > 0 ? 0.5 ** (ageDays / signal.halfLifeDays) : 1;
  return signal.weight * (EVENT_WEIGHT[event.type] ?? 0) * decay;
}

/** "today", "yesterday", "3 days ago", "2 months ago". */
export function ago(at: Date, now: Date): string {
  const days = Math.floor(Math.max(0, now.getTime() - at.getTime()) / DAY_MS);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  return `${Math.floor(days / 30)} months ago`;
}

function verb(event: HistoryEvent): string {
  switch (event.type) {
    case 'BOOKING':
      return 'booked';
    case 'PURCHASE':
      return 'bought';
    case 'CHECKUP':
      return 'had';
    case 'PLAY':
      return event.app === 'NETEASE_MUSIC' ? 'listened to' : event.app === 'YOUKU' ? 'watched' : 'played';
    case 'ADD_TO_CART':
      return 'put in the cart';
    case 'FAVORITE':
      return 'saved';
    case 'SEARCH':
      return 'searched for';
    case 'REVIEW':
      return 'reviewed';
    case 'SHARE':
      return 'shared';
    default:
      return 'looked at';
  }
}

/** "booked an international flight to Amsterdam on FLIGGY 2 days ago". */
export function describeEvent(event: HistoryEvent, now: Date): string {
  const what = event.label ?? (event.category ? `something in ${event.category}` : event.itemTitle ?? 'something');
  let detail = '';
  if (event.detail && event.category?.startsWith('flight')) detail = ` to ${event.detail}`;
  else if (event.itemTitle && event.label) detail = ` (${event.itemTitle})`;
  else if (event.detail) detail = ` (${event.detail})`;
  return `${verb(event)} ${what}${detail} on ${event.app} ${ago(event.at, now)}`;
}

export const ECOSYSTEM_REASON = 'based on your activity in the ecosystem';

interface Scored {
  item: CatalogItem;
  signal: number;
  signalEvent: HistoryEvent | null;
  collaborative: number;
  best: CollaborativeCandidate | null;
}

/**
 * One ranked list per member and app: each candidate item gets one score mixing the strongest cross-app (or same-app)
 * signal of the member's recent activity (weighed by how the item fits the region the activity points to: regionFit), collaborative similarity to items the member has, and popularity; an item
 * the member's active membership discounts gets a boost. Items the member has are left out; each item appears once,
 * with a reason naming its strongest evidence. With no evidence at all, the app's popular items, and the reason says so.
 */
export function rank(evidence: Evidence, options: RankOptions): Ranked[] {
  const owned = new Set(evidence.owned);
  const candidates = new Map<string, Scored>();
  const candidate = (item: CatalogItem): Scored | null => {
    if (item.app !== options.app || owned.has(item.id)) return null;
    let scored = candidates.get(item.id);
    if (!scored) {
      scored = { item, signal: 0, signalEvent: null, collaborative: 0, best: null };
      candidates.set(item.id, scored);
    }
    return scored;
  };

  for (const signal of evidence.signals) {
    for (const event of evidence.history) {
      if (event.app !== signal.fromApp || !categoryCovers(signal.fromCategory, event.category)) continue;
      const strength = signalStrength(signal, event, options.now);
      if (strength <= 0) continue;
      // Already answered: the member got something of the suggested category after the evidence (the SIM after the flight).
      const answered = evidence.history.some(
        (e) => e.app === options.app && e.category === signal.toCategory && HAVING_TYPES.includes(e.type as never) && e.at.getTime() >= event.at.getTime(),
      );
      if (answered) continue;
      for (const item of signal.items) {
        const scored = candidate(item);
        const fitted = strength * regionFit(item, event);
        if (scored && fitted > scored.signal) {
          scored.signal = fitted;
          scored.signalEvent = event;
        }
      }
    }
  }

  for (const similar of evidence.collaborative) {
    const scored = candidate(similar.item);
    if (!scored) continue;
    scored.collaborative += similar.similarity;
    if (!scored.best || similar.similarity > scored.best.similarity) scored.best = similar;
  }

  const hasEvidence = evidence.history.length > 0;
  for (const item of evidence.popular) candidate(item);

  const maxPopularity = Math.max(1, ...[...candidates.values()].map((c) => c.item.popularity));
  const programs = new Set(evidence.programs);
  const ranked = [...candidates.values()].map((c): Ranked => {
    const collaborative = Math.min(1, c.collaborative);
    const parts = {
      signal: MIX.signal * c.signal,
      collaborative: MIX.collaborative * collaborative,
      popularity: MIX.popularity * (c.item.popularity / maxPopularity),
    };
    const discountedBy = c.item.discountPrograms.find((p) => programs.has(p)) ?? null;
    const base = parts.signal + parts.collaborative + parts.popularity;
    const score = base * (discountedBy ? 1 + options.discountBoost : 1);
    const signals: SignalKind[] = [];
    let reason: string;
    let publicReason: string;
    if (parts.signal > 0 && parts.signal >= parts.collaborative) {
      const event = c.signalEvent!;
      reason = describeEvent(event, options.now);
      publicReason = event.app === options.app ? reason : ECOSYSTEM_REASON;
      signals.push(event.app === options.app ? SignalKind.SAME_APP : SignalKind.CROSS_APP);
      if (parts.collaborative > 0) signals.push(SignalKind.COLLABORATIVE);
    } else if (parts.collaborative > 0) {
      reason = `members who bought ${c.best!.viaTitle} also bought this`;
      publicReason = c.best!.viaApp === options.app ? reason : ECOSYSTEM_REASON;
      signals.push(SignalKind.COLLABORATIVE);
    } else {
      reason = hasEvidence ? `popular on ${options.app}` : `popular on ${options.app}; there is no activity of yours to go on yet`;
      publicReason = reason;
      signals.push(SignalKind.POPULAR);
    }
    if (discountedBy) {
      reason += `, and your ${discountedBy} membership gives a discount at this brand`;
      signals.push(SignalKind.MEMBERSHIP_DISCOUNT);
    }
    return { item: c.item, score: Math.round(score * 1000) / 1000, reason, publicReason, signals };
  });

  return ranked
    .sort((a, b) => b.score - a.score || b.item.popularity - a.item.popularity || a.item.id.localeCompare(b.item.id))
    .slice(0, options.first);
}

/**
 * Item-item Jaccard similarity from co-occurrence counts (the Cypher fallback of GDS node similarity): `both` holds,
 * for each ordered pair, how many members have both items, and for a = b the item's own member count. Keeps the topK
 * most similar items per item at or above the cutoff, as GDS does.
 */
export function jaccardTopK(rows: { a: string; b: string; both: number }[], topK: number, cutoff: number): { a: string; b: string; score: number }[] {
  const degree = new Map<string, number>();
  for (const r of rows) if (r.a === r.b) degree.set(r.a, r.both);
  const byItem = new Map<string, { a: string; b: string; score: number }[]>();
  for (const r of rows) {
    if (r.a === r.b) continue;
    const union = (degree.get(r.a) ?? 0) + (degree.get(r.b) ?? 0) - r.both;
    const score = union > 0 ? r.both / union : 0;
    if (score <= 0 || score < cutoff) continue;
    const list = byItem.get(r.a) ?? [];
    list.push({ a: r.a, b: r.b, score });
    byItem.set(r.a, list);
  }
  const out: { a: string; b: string; score: number }[] = [];
  for (const list of byItem.values()) {
    list.sort((x, y) => y.score - x.score || x.b.localeCompare(y.b));
    out.push(...list.slice(0, topK));
  }
  return out;
}
