// Bundles the CLI into dist/ (ESM, split per command) so start-up reads a few files, not hundreds.
// Heavy modules (AWS SDK) stay in chunks that only the commands needing them import.
import { readFileSync } from 'node:fs';

// `npm install -g .` on a fresh clone runs this (npm's prepare) before any dev dependency is installed.
const esbuild = await import('esbuild').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  process.stderr.write('stepf: cannot build: esbuild, a dev dependency, is not installed in this checkout.\n  Run `npm ci` here first (it installs the build tools and builds stepf), then `npm install -g .`\n');
  process.exit(1);
});
const { build } = esbuild;

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  // test-worker: the worker threads of `stepf test`, started by file name.
  entryPoints: { main: 'src/cli/main.ts', 'test-worker': 'src/testing/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Less to read and parse at every start; names are kept, so stack traces (with the source map) stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  define: { __STEPF_VERSION__: JSON.stringify(version) },
  // ora and its deps are ESM-only and small; bundle everything so no module resolution happens at run time.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
