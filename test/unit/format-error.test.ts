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

  it('keeps the message of a coded error but never its stack', () => {
    const out = format({ message: 'Unknown app code "X"', extensions: { code: 'UNKNOWN_APP', field: 'app', stacktrace: ['at y.ts:2'] } }, null);
    expect(out).toEqual({ message: 'Unknown app code "X"', extensions: { code: 'UNKNOWN_APP', field: 'app' } });
  });
});
