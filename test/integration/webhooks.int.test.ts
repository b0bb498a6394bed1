import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { verifyWebhook } from '../../src/identity/webhook.signature';
import { startTestApi, TestApi, unique, uniquePhone, UPSERT_MEMBER } from '../support/api';
import { inline } from '../support/graph';

const APP = 'NETEASE_MUSIC';
const SECRET = 'webhook-secret-for-the-kill-test';
const ROOT = path.resolve(__dirname, '..', '..');

interface Received {
  offsets: number[];
  externalIds: string[][];
  signed: boolean;
}

let api: TestApi;
let receiver: http.Server;
let url: string;
const received: Received[] = [];
/** What the receiver does with the next request: answer 500, hold it (the server is killed meanwhile), or accept. */
let behave: (n: number) => 'fail' | 'hold' | 'accept' = () => 'accept';
let onHold: () => void = () => undefined;
let server: ChildProcess | undefined;

function startServer(): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'test/support/ts-child.js'), 'src/app/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: process.env.TEST_NEO4J_URI,
      PORT: '0',
      DEMO_DATA: 'false',
      LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'silent',
      RECOMMENDATION_REFRESH_MINUTES: '0',
      IDENTITY_WEBHOOKS: JSON.stringify([{ app: APP, url, secret: SECRET }]),
      WEBHOOK_BATCH: '4',
      WEBHOOK_LEASE_MS: '2000',
      WEBHOOK_RETRY_MAX_MS: '1000',
      IDENTITY_CHANGES_POLL_MS: '50',
    },
    stdio: process.env.CHILD_LOG ? ['ignore', require('node:fs').openSync(process.env.CHILD_LOG, 'a'), require('node:fs').openSync(process.env.CHILD_LOG, 'a')] : 'ignore',
  });
  return child;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  api = await startTestApi();
  let requests = 0;
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as { app: string; changes: { offset: string; accounts: { externalId: string }[] }[] };
      const signed = verifyWebhook(SECRET, String(req.headers['x-identity-timestamp']), body, String(req.headers['x-identity-signature']));
      received.push({ offsets: parsed.changes.map((c) => Number(c.offset)), externalIds: parsed.changes.map((c) => c.accounts.map((a) => a.externalId)), signed });
      const action = behave(++requests);
      if (action === 'fail') {
        res.writeHead(500).end();
      } else if (action === 'hold') {
        onHold();
        setTimeout(() => res.writeHead(200).end(), 5000);
      } else {
        setTimeout(() => res.writeHead(200).end(), 30);
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/identity`;
  await api.db.writeOne(inline('test/forget-cursor', 'MATCH (c:WebhookCursor {app: $app}) DETACH DELETE c'), { app: APP });
});

afterAll(async () => {
  server?.kill('SIGKILL');
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await api.stop();
});

const CURSOR = inline('test/webhook-cursor', 'MATCH (c:WebhookCursor {app: $app}) RETURN c.offset AS offset, c.owner AS owner');

describe('webhook delivery of identity changes', () => {
  it('delivers every change, signed, in order, at least once, across a server killed mid-delivery', async () => {
    server = startServer();
    // The cursor starts after the newest change once the server claims the app: our changes come after it.
    await waitFor('the server to claim the webhook', async () => (await api.db.readOne(CURSOR, { app: APP })).length === 1, 60_000);

    let killedAt = -1;
    behave = (n) => (n <= 2 ? 'fail' : n === 6 ? 'hold' : 'accept');
    const killed = new Promise<void>((resolve) => {
      onHold = () => {
        killedAt = received.length;
        server!.kill('SIGKILL');
        resolve();
      };
    });

    const ours: string[] = [];
    for (let i = 0; i < 30; i++) {
      const externalId = unique('ncm');
      ours.push(externalId);
      await api.ok(UPSERT_MEMBER, { input: { app: APP, externalId, identifiers: [{ kind: 'PHONE', value: uniquePhone() }] } });
    }
    await killed;
    expect(killedAt).toBeGreaterThan(0);
    const beforeRestart = received.length;
    server = startServer();

    const seen = () => new Set(received.flatMap((r) => r.externalIds.flat()));
    await waitFor('every change to arrive', () => ours.every((id) => seen().has(id)), 90_000);

    expect(received.every((r) => r.signed)).toBe(true);
    // Each POST is in offset order, and the changes in order of first arrival are in offset order with none missing.
    for (const r of received) expect([...r.offsets].sort((a, b) => a - b)).toEqual(r.offsets);
    const firstSeen: number[] = [];
    for (const r of received) for (const o of r.offsets) if (!firstSeen.includes(o)) firstSeen.push(o);
    expect([...firstSeen].sort((a, b) => a - b)).toEqual(firstSeen);
    const ourOffsets = received.flatMap((r) => r.offsets.filter((_o, i) => r.externalIds[i].some((id) => ours.includes(id))));
    expect(new Set(ourOffsets).size).toBe(30);
    // The two refused POSTs were retried with the same changes, and the batch held when the server died came again.
    expect(received[1].offsets).toEqual(received[0].offsets);
    expect(received[2].offsets).toEqual(received[0].offsets);
    const held = received[5].offsets;
    expect(received.slice(beforeRestart).some((r) => r.offsets[0] === held[0])).toBe(true);
    // The cursor in the graph ends at the last change delivered, owned by the restarted server. Other suites may
    // write changes of this app meanwhile, which are delivered too: compare with what has arrived by then.
    await waitFor('the cursor to reach the last change', async () => {
      const [row] = await api.db.readOne(CURSOR, { app: APP });
      return Number(row.offset) === Math.max(...received.flatMap((r) => r.offsets));
    }, 10_000);
  }, 180_000);
});
