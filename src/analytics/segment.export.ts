import { Writable } from 'node:stream';
import { badInput } from '../platform/errors';
import { AnalyticsEnv } from './analytics.reads';
import { parseSegment } from './segment.expr';
import { segmentPage } from './segment.service';

/** Channels are labels of where an audience goes (SMS, PUSH_TAOBAO, ...): upper-case letters, digits and _. */
const CHANNEL = /^[A-Z][A-Z0-9_]{0,31}$/;

/**
 * Activation: writes the members of a segment as NDJSON, one `{"memberId": ..., "channel": ...}` per line, in
 * member-id order, page by page (each page one bounded read resuming after the last id, so no transaction holds the
 * database for the whole export). Answers how many lines it wrote.
 */
export async function exportSegment(
  env: AnalyticsEnv,
  exprJson: unknown,
  channel: string,
  out: Writable,
  options: { page?: number; onProgress?: (written: number) => void } = {},
): Promise<number> {
  if (!CHANNEL.test(channel)) throw badInput('channel must be 1 to 32 upper-case letters, digits or _, starting with a letter (e.g. SMS, PUSH_TAOBAO)', 'channel');
  const expr = parseSegment(exprJson);
  const page = options.page ?? 10_000;
  let after = '';
  let written = 0;
  for (;;) {
    const ids = await segmentPage(env, expr, after, page);
    if (!ids.length) break;
    const chunk = ids.map((memberId) => JSON.stringify({ memberId, channel })).join('\n') + '\n';
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    written += ids.length;
    after = ids[ids.length - 1];
    options.onProgress?.(written);
    if (ids.length < page) break;
  }
  return written;
}
