import { Writable } from 'node:stream';
import { requireApp } from '../identity/app.registry';
import { ConsentPurpose } from '../identity/consent.purpose';
import { AppError, badInput, ErrorCode } from '../platform/errors';
import { AnalyticsContext } from './analytics.context';
import { AnalyticsEnv } from './analytics.reads';
import { parseSegment, SegmentNode } from './segment.expr';
import { countSegment, segmentAudiencePage } from './segment.service';

/** Channels are labels of where an audience goes (SMS, PUSH_TAOBAO, ...): upper-case letters, digits and _. */
const CHANNEL = /^[A-Z][A-Z0-9_]{0,31}$/;

/** Every activation channel is a marketing use of the member's links: only links consented for MARKETING reach it. */
export const ACTIVATION_PURPOSE = ConsentPurpose.MARKETING;

/** An export, validated: which members (a segment), on which app, for which channel. */
export interface AudienceRequest {
  expr: SegmentNode;
  app: string;
  channel: string;
}

/** Validates what the HTTP body or the command line gave: INVALID_SEGMENT, UNKNOWN_APP or BAD_USER_INPUT. */
export function parseAudienceRequest(input: { expr?: unknown; app?: unknown; channel?: unknown }): AudienceRequest {
  if (typeof input.channel !== 'string' || !CHANNEL.test(input.channel)) {
    throw badInput('channel must be 1 to 32 upper-case letters, digits or _, starting with a letter (e.g. SMS, PUSH_TAOBAO)', 'channel');
  }
  if (typeof input.app !== 'string') throw badInput('app must be an app code (e.g. TAOBAO)', 'app');
  return { expr: parseSegment(input.expr), app: requireApp(input.app).code, channel: input.channel };
}

/** One NDJSON line of an export: the member, the app, the channel and the member's consented accounts on the app. */
export interface AudienceLine {
  memberId: string;
  app: string;
  channel: string;
  accounts: { id: string; externalId: string }[];
}

export interface ExportOptions {
  /** Members a page (one bounded read each). */
  page?: number;
  onProgress?: (written: number) => void;
  /** Runs each page's read (the HTTP route passes the request gate's slot). */
  runPage?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Resolves when the stream wants more, or is closed. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/**
 * Activation: writes a segment's audience on one app as NDJSON, one AudienceLine per member, in member-id order,
 * page by page (each page one bounded read resuming after the last id, so no transaction holds the database for
 * the whole export). Members without an account on the app whose link is consented for MARKETING are left out;
 * erased members have no accounts left. Answers how many lines it wrote.
 */
export async function exportAudience(env: AnalyticsEnv, request: AudienceRequest, out: Writable, options: ExportOptions = {}): Promise<number> {
  const page = options.page ?? 10_000;
  const runPage = options.runPage ?? ((work) => work());
  let after = '';
  let written = 0;
  for (;;) {
    const members = await runPage(() => segmentAudiencePage(env, request.expr, request.app, ACTIVATION_PURPOSE, after, page));
    if (!members.length) break;
    const chunk = members.map((m) => JSON.stringify({ memberId: m.id, app: request.app, channel: request.channel, accounts: m.accounts } satisfies AudienceLine)).join('\n') + '\n';
    if (!out.write(chunk)) await drained(out);
    // The reader went away (an HTTP client that hung up): nothing more to read for it.
    if (out.destroyed) break;
    written += members.length;
    after = members[members.length - 1].id;
    options.onProgress?.(written);
    if (members.length < page) break;
  }
  return written;
}

/** The content type of an export: one JSON document a line. */
export const NDJSON = 'application/x-ndjson; charset=utf-8';

/**
 * POST /export/segment, body `{"expr": {...}, "app": "TAOBAO", "channel": "PUSH_TAOBAO"}`: the export over HTTP,
 * through the server's checks (server.ts, Route). After the caller's role (`allowed`) and the body are checked, the
 * segment is counted (a bounded read, so a question over the budget is refused before anything is sent) and the
 * request charged a rate point per page of ANALYTICS_EXPORT_PAGE members; then the lines stream, each page read in a
 * slot of the request gate. The last line is `{"exported": n}` when every member was written, or `{"error": {code,
 * message}}` when a page failed after the answer began (the status is 200 by then): an audience without its last
 * line is incomplete.
 */
export function segmentExportRoute<TContext extends AnalyticsContext>(allowed: (context: TContext) => Promise<void>) {
  return async (request: { body: unknown; context: TContext; charge(points: number): Promise<void>; run<T>(work: () => Promise<T>): Promise<T> }, res: Writable & { writeHead(status: number, headers: Record<string, string>): unknown; end(chunk?: string): unknown }) => {
    const { context } = request;
    await allowed(context);
    const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
    const audience = parseAudienceRequest(body);
    const page = context.config.analytics.exportPage;
    const { count } = await request.run(() => countSegment(context, audience.expr));
    await request.charge(Math.ceil(count / page));
    res.writeHead(200, { 'content-type': NDJSON, 'x-segment-members': String(count), 'cache-control': 'no-store' });
    try {
      const exported = await exportAudience(context, audience, res, { page, runPage: request.run });
      res.end(`${JSON.stringify({ exported })}\n`);
    } catch (error) {
      const coded = error instanceof AppError ? { code: String(error.extensions.code), message: error.message } : { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
      res.end(`${JSON.stringify({ error: coded })}\n`);
      if (!(error instanceof AppError)) context.log.error({ err: error }, 'segment export failed');
    }
  };
}
