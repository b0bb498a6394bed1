import { badInput } from './errors';

/** Checks a page size argument (`first`): a whole number from 1 to `max`; BAD_USER_INPUT otherwise. */
export function requireFirst(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`first must be from 1 to ${max}`, 'first');
  return first;
}
