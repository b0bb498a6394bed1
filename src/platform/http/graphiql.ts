import fs from 'node:fs';
import path from 'node:path';
import { ServerResponse } from 'node:http';

const pkg = (name: string, file: string): string => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/** Every file the IDE needs, served from our own npm packages so the page loads nothing from another host. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: pkg('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: pkg('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: pkg('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: pkg('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

/** Starts GraphiQL against this server's own endpoint; a file of its own so the page's CSP can forbid inline scripts. */
const INIT = `// Starts GraphiQL against this server's own endpoint.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + '/graphql' });
  var example = [
    '# A member profile: the demo data has member "demo-member-01".',
    'query Profile {',
    '  member(id: "demo-member-01") {',
    '    id displayName loyaltyScore',
    '    accounts { app { code scenario } externalId identifiers { kind masked } link { method confidence rules } }',
    '  }',
    '}',
    '',
  ].join('\\n');
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: example })
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Identity graph API</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the GraphQL IDE...</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script src="/graphiql/init.js"></script>
</body>
</html>
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'";

export function sendGraphiQLPage(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-cache' });
  res.end(PAGE);
}

/** Serves /graphiql/<name>; returns false when the name is not one of ours. */
export function sendGraphiQLAsset(name: string, res: ServerResponse): boolean {
  if (name === 'init.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(INIT);
    return true;
  }
  const asset = ASSETS[name];
  if (!asset) return false;
  res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=3600' });
  fs.createReadStream(asset.file).pipe(res);
  return true;
}
