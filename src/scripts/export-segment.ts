import 'reflect-metadata';
import fs from 'node:fs';
import { exportAudience, parseAudienceRequest } from '../analytics/segment.export';
import { openDatabase } from '../app/app';
import { loadConfig } from '../app/config';
import { AppError } from '../platform/errors';
import { logger } from '../platform/logger';
import { progressLine } from '../platform/progress.line';

const USAGE = `usage: npm run segment:export -- --expr '{"and":[{"tag":"88vip"},{"tag":"region:hangzhou"}]}' --app TAOBAO --channel PUSH_TAOBAO [--out audience.ndjson]`;

function parseArgs(argv: string[]): { expr: unknown; app: string; channel: string; out: string | null } {
  let expr: unknown;
  let app: string | undefined;
  let channel: string | undefined;
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (arg === '--expr' && value !== undefined) {
      try {
        expr = JSON.parse(value);
      } catch {
        throw new Error(`--expr is not JSON\n${USAGE}`);
      }
      i++;
    } else if (arg === '--channel' && value !== undefined) (channel = value), i++;
    else if (arg === '--app' && value !== undefined) (app = value), i++;
    else if (arg === '--out' && value !== undefined) (out = value), i++;
    else throw new Error(`unknown or incomplete option ${arg}\n${USAGE}`);
  }
  if (expr === undefined || !channel || !app) throw new Error(USAGE);
  return { expr, app, channel, out };
}

/**
 * `npm run segment:export`: a segment's audience on one app as NDJSON for a channel (the lines of POST /export/segment),
 * to a file or stdout; progress on stderr. For operators with database access; analysts use the HTTP endpoint.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const request = parseAudienceRequest(args);
  const config = loadConfig();
  logger.level = 'warn';
  const database = await openDatabase(config);
  const out = args.out ? fs.createWriteStream(args.out) : process.stdout;
  const started = Date.now();
  try {
    // Without --out the member lines go to stdout, which may be the same terminal as the progress.
    const progress = progressLine(process.stderr, { sharedTerminal: !args.out && process.stdout.isTTY });
    const written = await exportAudience({ db: database.db, config }, request, out, {
      onProgress: (n) => progress.update(`exported ${n.toLocaleString('en-US')} members (${((Date.now() - started) / 1000).toFixed(1)} s)`),
    });
    progress.done(`exported ${written.toLocaleString('en-US')} members for ${args.channel} in ${((Date.now() - started) / 1000).toFixed(1)} s${args.out ? ` to ${args.out}` : ''}`);
  } finally {
    if (args.out) await new Promise((resolve) => (out as fs.WriteStream).end(resolve));
    await database.close();
  }
}

main().catch((error) => {
  const code = error instanceof AppError ? ` (${error.extensions.code})` : '';
  process.stderr.write(`segment export failed${code}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
