// Bundles the CLI into dist/, in two parts, so start-up reads one file and Node 20 can keep its compiled code:
// - dist/main.cjs: stepf's own code and the small libraries every command needs (commander, the YAML parsers,
//   zod), one CommonJS file. bin/stepf compiles it with V8's code cache (Node 20 has no module compile cache,
//   and V8 caches scripts, not ES modules); what a command does not use stays in functions that never run.
// - dist/vendor/: the heavy libraries a command loads only when it needs them (the AWS SDK clients, Graphviz,
//   jsonata, ora), ES modules split so the SDK clients share their core; main.cjs imports them by path.
//   dist/test-worker.js, the worker threads of `stepf test` (started by file name), is built with them.
// - dist/help.cjs: main.cjs without what its commands import when they run, for the runs that print help.
// Every runtime dependency is bundled and the package declares none: installed from its tarball, stepf is
// dist/ and bin/ alone (measured against depending and not bundling: 5 MB of node_modules in under 1 s
// instead of 59 MB in about 5 s, and package starts in 0.19 s instead of 0.27 s).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// `npm pack` (prepack) runs this; in a checkout installed without dev dependencies esbuild is missing.
const esbuild = await import('esbuild').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  process.stderr.write('stepf: cannot build: esbuild, a dev dependency, is not installed in this checkout.\n  Run `npm ci` here first (it installs the build tools), then `npm run build`\n');
  process.exit(1);
});
const { build } = esbuild;

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Chunk names change with their content: without this, dist/ (and so the tarball) keeps every old build's.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

/** The packages stepf imports only with `await import()`, each a file of dist/vendor/ named for it. */
const VENDOR = [
  '@aws-sdk/client-api-gateway',
  '@aws-sdk/client-cloudformation',
  '@aws-sdk/client-cloudwatch-logs',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-sfn',
  '@aws-sdk/client-ssm',
  '@aws-sdk/client-sts',
  '@viz-js/viz',
  'jsonata',
  'ora',
];
const vendorName = (pkg) => `vendor/${pkg.replace(/^@[^/]+\//, '')}`;

const common = {
  bundle: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  conditions: ['module'],
  target: 'node20',
  // No source maps: they were two thirds of dist/ (11 MB, the IAM table a second time); a stack trace
  // (STEPF_DEBUG=1) still gives each frame's line and column (main.cjs's names are short: see buildCli).
  sourcemap: false,
  // Less to read and parse at every start.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
  define: { __STEPF_VERSION__: JSON.stringify(version) },
};

const vendor = await build({
  ...common,
  entryPoints: { 'test-worker': 'src/testing/worker.ts', ...Object.fromEntries(VENDOR.map((p) => [vendorName(p), p])) },
  outdir: 'dist',
  chunkNames: 'vendor/[name]-[hash]',
  splitting: true,
  format: 'esm',
  // Some bundled CommonJS modules call require() for Node's built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

const ts = (await import('typescript')).default;

/** Bundles src/cli/main.ts into one CommonJS file at `outfile`, with `plugins` before stepf's own. */
async function buildCli(outfile, plugins = []) {
  const result = await build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile,
    format: 'cjs',
    // Short local names: less to read and parse at every start (about 5% of `stepf package`'s CPU). Nothing stepf
    // does depends on a function's or class's name (its errors set `name` themselves); a STEPF_DEBUG=1 stack trace
    // keeps its lines but shows short names: `node scripts/build.mjs --names` builds with the real ones.
    minifyIdentifiers: !process.argv.includes('--names'),
    write: false,
    define: { ...common.define, 'import.meta.url': '__stepf_url' },
    plugins: [
      ...plugins,
      {
        // commander loads node:child_process (and with it net and dgram) for executable subcommands, which stepf
        // has none of: about 3 ms of every start. It is loaded on a spawn instead.
        name: 'commander-spawn',
        setup(b) {
          b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            const line = "const childProcess = require('node:child_process');";
            if (!text.includes(line)) return { errors: [{ text: `${args.path} no longer has the line ${line}: see scripts/build.mjs` }] };
            return { contents: text.replace(line, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js', resolveDir: dirname(args.path) };
          });
        },
      },
      {
        name: 'vendor',
        setup(b) {
          b.onResolve({ filter: new RegExp(`^(${VENDOR.join('|')})$`) }, (args) => {
            // A static import would load the package (an SDK client: 100-300 KB) with every command.
            if (args.kind !== 'dynamic-import') return { errors: [{ text: `${args.path} is imported statically by ${args.importer}: import it with \`await import()\` inside the code that needs it` }] };
            return { path: `./${vendorName(args.path)}.js`, external: true };
          });
        },
      },
    ],
  });
  // V8 compiles the file as a script (bin/stepf), where `import()` has no module to resolve against: each one
  // calls the __stepf_import that bin/stepf passes in (relative to dist/), found exactly in the syntax tree.
  const text = result.outputFiles[0].text;
  const sf = ts.createSourceFile(outfile, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const at = [];
  (function visit(node) {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) at.push(node.expression.getStart(sf));
    ts.forEachChild(node, visit);
  })(sf);
  let body = text;
  for (const pos of at.reverse()) body = `${body.slice(0, pos)}__stepf_import${body.slice(pos + 'import'.length)}`;
  // "use strict" stays the first statement. Required directly (not through bin/stepf), the file imports as any
  // CommonJS file does.
  if (!body.startsWith('"use strict";')) throw new Error(`${outfile}: esbuild no longer starts it with "use strict"`);
  body = `"use strict";var __stepf_import=typeof __stepf_import=="function"?__stepf_import:(s)=>import(s);var __stepf_url=require("node:url").pathToFileURL(__filename).href;${body.slice('"use strict";'.length)}`;
  // The first line names this build: bin/stepf keeps compiled code per build, and V8 itself checks only a length.
  writeFileSync(outfile, `// stepf ${version} build ${createHash('sha256').update(body).digest('hex').slice(0, 16)}\n${body}`);
  return result;
}

const main = await buildCli('dist/main.cjs');
// `stepf --help` and `stepf <command> --help`: the same program and registrations, without what the commands
// import when they run (each `await import()` is left out), so printing help reads a tenth of main.cjs.
await buildCli('dist/help.cjs', [
  {
    name: 'help-only',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: 'help-only', namespace: 'help-only' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'help-only' }, () => ({ contents: "throw new Error('dist/help.cjs only prints help: bin/stepf ran it for a command')", loader: 'js' }));
    },
  },
]);

// The bundle redistributes its dependencies' code, so it carries their licences (Apache-2.0 asks for the text).
const packages = new Map();
for (const input of [...Object.keys(vendor.metafile.inputs), ...Object.keys(main.metafile.inputs)]) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  if (m) packages.set(m[2], m[1]);
}
const notices = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
  const { version: v, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : `${license} (the package ships no licence file)`;
  return { heading: `${name}@${v} (${license})`, text };
});
// The same text (the AWS SDK's Apache-2.0, for one) is written once, under every package that has it.
const byText = new Map();
for (const n of notices) byText.set(n.text, [...(byText.get(n.text) ?? []), n.heading]);
writeFileSync(
  'dist/THIRD-PARTY-LICENSES.txt',
  `The stepf bundle (dist/) includes code of these packages, under these licences.\n\n${[...byText].map(([text, headings]) => `${headings.join('\n')}\n\n${text}\n`).join('\n----\n\n')}`,
);
