import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the analysts' explorer into dist/explorer, which the API server serves at /explorer. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/explorer', import.meta.url)),
    emptyOutDir: true,
    // The page's CSP allows only 'self': no asset may become a data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
