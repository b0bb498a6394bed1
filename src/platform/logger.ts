import pino from 'pino';

/** One structured JSON logger for the process; request-scoped children carry the request id. */
export const logger = pino({
  level: process.env.LOG_LEVEL || 'info',
  base: { service: 'identity-graph' },
  redact: ['req.headers.authorization', '*.password', '*.identifierHashKey'],
});

export type Logger = typeof logger;
