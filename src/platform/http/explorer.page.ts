import fs from 'node:fs/promises';
import path from 'node:path';
import { ServerResponse } from 'node:http';

/** Where `npm run build:explorer` (Vite, web/explorer/) writes the page; the same from src/ (tests) and dist/. */
export const EXPLORER_DIR = path.resolve(__dirname, '../../../dist/explorer');

/** Only this origin: every script, style, font and request of the page is one of ours. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Built asset names: Vite's hashed files, never a path. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const HEADERS = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

async function sendFile(res: ServerResponse, file: string, cache: string): Promise<boolean> {
  const type = TYPES[path.extname(file)];
  if (!type) return false;
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return false;
  }
  res.writeHead(200, { ...HEADERS, 'content-type': type, 'cache-control': cache });
  res.end(body);
  return true;
}

/**
 * Serves the analysts' explorer: /explorer (the page) and /explorer/assets/<name> (Vite's hashed bundles). Returns
 * false for any other path, so the caller answers 404.
 */
export async function sendExplorer(pathname: string, res: ServerResponse): Promise<boolean> {
  if (pathname === '/explorer' || pathname === '/explorer/') {
    if (await sendFile(res, path.join(EXPLORER_DIR, 'index.html'), 'no-cache')) return true;
    res.writeHead(503, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end('The explorer is not built: run npm run build (or npm start), which builds it with Vite.\n');
    return true;
  }
  const prefix = '/explorer/assets/';
  if (!pathname.startsWith(prefix)) return false;
  const name = pathname.slice(prefix.length);
  if (!ASSET_NAME.test(name)) return false;
  // File names carry a content hash, so a cached copy never goes stale.
  return sendFile(res, path.join(EXPLORER_DIR, 'assets', name), 'public, max-age=31536000, immutable');
}
