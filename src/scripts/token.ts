import { loadConfig } from '../app/config';
import { requireApp } from '../identity/app.registry';
import { Role } from '../platform/auth/principal';
import { mintToken, parseTtl, TokenMintError, TokenRequest } from '../platform/auth/token.mint';

const USAGE = 'usage: npm run -s token -- --role member|partner|analyst|admin [--app ELEME] [--sub id] [--acct APP:externalId] [--ttl 1h]';

function parseArgs(argv: string[]): TokenRequest {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (!['--role', '--app', '--sub', '--acct', '--ttl'].includes(arg) || value === undefined) throw new TokenMintError(`unknown or incomplete option ${arg}\n${USAGE}`);
    options[arg.slice(2)] = value;
  }
  if (!options.role) throw new TokenMintError(USAGE);
  if (options.app) requireApp(options.app);
  if (options.acct) requireApp(options.acct.split(':')[0]);
  return { role: options.role as Role, app: options.app, sub: options.sub, acct: options.acct, ttlSeconds: parseTtl(options.ttl ?? '1h') };
}

/** `npm run token`: a bearer token for development and tests, signed with the configured AUTH_JWT_SECRET, on stdout. */
async function main(): Promise<void> {
  const request = parseArgs(process.argv.slice(2));
  process.stdout.write(`${await mintToken(loadConfig().auth, request)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
