const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * The birth date a mainland resident ID number carries (GB 11643: six region digits, the birth date as YYYYMMDD,
 * three sequence digits, an ISO 7064 MOD 11-2 check character), or null when the value is not such a number: a
 * mistyped number fails the check character (it catches every single wrong digit and every swap of two neighbours)
 * and yields no date rather than a wrong one.
 */
export function residentIdBirthDate(normalized: string): string | null {
  if (!/^\d{17}[\dX]$/.test(normalized)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(normalized[i]) * WEIGHTS[i];
  if (CHECK[sum % 11] !== normalized[17]) return null;
  const date = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : null;
}
