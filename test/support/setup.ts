import 'reflect-metadata';
import { logger } from '../../src/platform/logger';

// Tests assert on responses; the server's own logs would only bury jest's report.
logger.level = process.env.TEST_LOG_LEVEL || 'silent';
