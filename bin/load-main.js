// Runs dist/main.cjs with V8's compiled code of it kept on disk, so a start does not parse and compile the
// CLI again (about a third of `stepf package`'s CPU). Node 20 has no module compile cache (Node 22.1+ has one:
// enabled below, it keeps dist/vendor/'s code). This one is written after the first run of each command, so it
// holds every function that command ran. The way v8-compile-cache does it (a hook on Module.prototype._compile,
// for this one file): main.cjs is still a module Node requires.
// Where: $NODE_COMPILE_CACHE/stepf, else <os.tmpdir()>/stepf-compile-cache-<uid>, a folder only this user
// can write (else no cache is used: compiled code from it would run as this user). NODE_DISABLE_COMPILE_CACHE=1
// turns it off, as it does Node's.
'use strict';
const { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { createRequire } = Module;
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

/** The cache folder, made if missing; undefined when off, or when another user could write to it. */
function cacheDir() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  const uid = process.getuid?.();
  const dir = process.env.NODE_COMPILE_CACHE ? join(process.env.NODE_COMPILE_CACHE, 'stepf') : join(tmpdir(), `stepf-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    let st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      st = lstatSync(dir);
    }
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Which file holds the compiled code of this build of main.cjs, on this Node, for this command. */
function cacheFile(dir, source, args) {
  const build = /^\/\/ stepf \S+ build (\w+)\n/.exec(source.slice(0, 200))?.[1];
  if (!dir || !build) return undefined;
  // Each command runs (and so compiles) different functions; a flag or anything else shares one file.
  const command = /^[a-z][a-z-]{0,30}$/.test(args[0] ?? '') ? args[0] : 'none';
  const prefix = `${build}-${process.version}-${process.arch}-`;
  return { dir, prefix, name: `${prefix}${command}.v8` };
}

function writeCache(file, script) {
  try {
    const tmp = join(file.dir, `${file.name}.${process.pid}.tmp`);
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, join(file.dir, file.name));
    // Other builds' or Node versions' compiled code, unwritten for a day: most likely never read again.
    for (const f of readdirSync(file.dir)) {
      const other = join(file.dir, f);
      if (f.endsWith('.v8') && !f.startsWith(file.prefix) && Date.now() - statSync(other).mtimeMs > 86_400_000) rmSync(other, { force: true });
    }
  } catch {
    // A full or read-only disk: the next start compiles again.
  }
}

function loadMain(main, args) {
  Module.enableCompileCache?.();
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename, ...rest) {
    if (filename !== main) return compile.call(this, content, filename, ...rest);
    Module.prototype._compile = compile;
    const file = cacheFile(cacheDir(), content, args);
    let cachedData;
    try {
      if (file) cachedData = readFileSync(join(file.dir, file.name));
    } catch {
      // Not cached yet.
    }
    const script = new Script(`(function (exports, require, module, __filename, __dirname, __stepf_import) {${content}\n})`, { filename, cachedData });
    if (file && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCache(file, script));
    const base = pathToFileURL(filename);
    // main.cjs's `import()`s (scripts/build.mjs): its dist/vendor/ files by their path relative to it.
    const importer = (specifier) => import(specifier.startsWith('./') ? new URL(specifier, base).href : specifier);
    return script.runInThisContext()(this.exports, createRequire(filename), this, filename, dirname(filename), importer);
  };
  require(main);
}

module.exports = { loadMain };
