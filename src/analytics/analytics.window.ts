import { badInput } from '../platform/errors';

/** A half-open time window [from, to), as ISO text for the statements. */
export interface Window {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/**
 * The window of a question: `to` defaults to now and `from` to a year before `to`; `from` must come before `to` and
 * the window may not be longer than `maxDays` (the cost of a funnel grows with it).
 */
export function windowOf(from: Date | null | undefined, to: Date | null | undefined, now: Date, maxDays: number, names = ['from', 'to']): Window {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - 365 * DAY_MS);
  for (const [value, name] of [[start, names[0]], [end, names[1]]] as const) {
    if (Number.isNaN(value.getTime())) throw badInput(`${name} must be a date-time`, name);
  }
  if (start.getTime() >= end.getTime()) throw badInput(`${names[0]} must be before ${names[1]}`, names[0]);
  if (end.getTime() - start.getTime() > maxDays * DAY_MS) throw badInput(`the window may be at most ${maxDays} days long`, names[0]);
  return { from: start.toISOString(), to: end.toISOString() };
}
