import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseHandle, openDatabase } from '../app/app';
import { Config, loadConfig } from '../app/config';
import { freePort } from '../platform/ports';

export interface BenchDatabase extends DatabaseHandle {
  config: Config;
  /** Where the embedded store lives (removed on close), or null with NEO4J_URI. */
  dataDir: string | null;
}

/**
 * The database a benchmark runs on: NEO4J_URI when set (the caller's server, left as it is), otherwise a fresh
 * embedded Neo4j in a temporary directory on a free port, removed afterwards. `defaults` fill variables the
 * environment leaves unset (heap, page cache, timeouts).
 */
export async function openBenchDatabase(name: string, defaults: Record<string, string> = {}): Promise<BenchDatabase> {
  const env: NodeJS.ProcessEnv = { DEMO_DATA: 'false', PORT: '0', ...defaults, ...process.env };
  let dataDir: string | null = null;
  if (!env.NEO4J_URI) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `identity-graph-${name}-`));
    env.NEO4J_DATA_DIR = dataDir;
    if (!process.env.NEO4J_BOLT_PORT) env.NEO4J_BOLT_PORT = String(await freePort());
    process.stderr.write(`starting a fresh embedded Neo4j in ${dataDir} (heap ${env.NEO4J_HEAP ?? '2g'}, page cache ${env.NEO4J_PAGECACHE ?? '1g'})...\n`);
  }
  const config = loadConfig({ ...env, PORT: '0', DEMO_DATA: 'false' });
  const handle = await openDatabase(config);
  return {
    ...handle,
    config,
    dataDir,
    close: async () => {
      await handle.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Median and percentiles of a list of samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A markdown table; numbers are right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => '| ' + r.map((c, i) => (typeof rows[0]?.[i] === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ') + ' |';
  return [line(cells[0]), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...cells.slice(1).map(line)].join('\n');
}
