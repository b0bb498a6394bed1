import { IdentityErrorCode } from '../../src/identity/identity.errors';
import { AppError } from '../../src/platform/errors';
import { formatError } from '../../src/platform/http/server';
import { logger } from '../../src/platform/logger';

describe('formatError', () => {
  const format = formatError(logger.child({}, { level: 'silent' }));

  it('masks errors whose code was not written for clients', () => {
    const out = format(
      { message: 'Neo4jError: Invalid input at MATCH (a:Account)', path: ['member'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x.ts:1'] } },
      new Error('boom'),
    );
    expect(out).toEqual({ message: 'Internal server error', path: ['member'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps the message of a domain\'s coded error but never its stack', () => {
    const thrown = new AppError(IdentityErrorCode.UNKNOWN_APP, 'Unknown app code "X"', { field: 'app' });
    const out = format({ message: 'Unknown app code "X"', extensions: { code: 'UNKNOWN_APP', field: 'app', stacktrace: ['at y.ts:2'] } }, thrown);
    expect(out).toEqual({ message: 'Unknown app code "X"', extensions: { code: 'UNKNOWN_APP', field: 'app' } });
  });

  it('masks a domain-looking code that no AppError carries', () => {
    const out = format({ message: 'secret', extensions: { code: 'UNKNOWN_APP' } }, new Error('secret'));
    expect(out.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
