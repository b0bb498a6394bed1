import { AccountInput } from '../identity/account.input';
import { AccountWrite } from '../identity/account.repository';
import { prepareAccount } from '../identity/account.validate';
import { IdentifierKind } from '../identity/identifier.kind';
import { badInput } from '../platform/errors';

const FIELDS = new Set(['app', 'externalId', 'displayName', 'birthDate', 'city', 'identifiers']);
const KINDS = new Set<string>(Object.values(IdentifierKind));

function optionalString(value: unknown, field: string): void {
  if (value !== undefined && value !== null && typeof value !== 'string') throw badInput(`${field} must be a string or null`, field);
}

/**
 * Parses one NDJSON line into an AccountInput and runs the same validation upsertAccount runs, so a bad line is
 * refused on its own instead of failing the batch it would have joined. Throws a coded GraphQLError (AppError).
 */
export function parseAccountLine(text: string, hashKey: string): AccountInput {
  return parseAccount(text, hashKey).input;
}

/** parseAccountLine that also returns the account prepared for storage (normalized, hashed), so the import does not prepare it twice. */
export function parseAccount(text: string, hashKey: string): { input: AccountInput; write: AccountWrite } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badInput(`the line is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badInput('the line must be a JSON object (one AccountInput)');
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !FIELDS.has(k));
  if (unknown.length) throw badInput(`unknown field ${unknown.join(', ')}; an account has ${[...FIELDS].join(', ')}`, unknown[0]);
  if (typeof record.app !== 'string') throw badInput('app must be a string such as "TAOBAO"', 'app');
  if (typeof record.externalId !== 'string') throw badInput('externalId must be a string', 'externalId');
  optionalString(record.displayName, 'displayName');
  optionalString(record.birthDate, 'birthDate');
  optionalString(record.city, 'city');
  if (!Array.isArray(record.identifiers)) throw badInput('identifiers must be a list of {kind, value, verified?}', 'identifiers');
  for (const identifier of record.identifiers as unknown[]) {
    const { kind, value: v, verified } = (identifier ?? {}) as Record<string, unknown>;
    if (typeof kind !== 'string' || !KINDS.has(kind)) throw badInput(`identifier kind must be one of ${[...KINDS].join(', ')}`, 'identifiers');
    if (typeof v !== 'string') throw badInput('identifier value must be a string', 'identifiers');
    if (verified !== undefined && verified !== null && typeof verified !== 'boolean') throw badInput('identifier verified must be true or false', 'identifiers');
  }
  const input = record as unknown as AccountInput;
  return { input, write: prepareAccount(input, hashKey) };
}
