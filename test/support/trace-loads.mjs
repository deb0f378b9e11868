// Preloaded with `node --import`: reports every module the process loads to the file in STEPF_TRACE_LOADS, as
// a file: URL a line: ES modules from the loader's hook, CommonJS ones (dist/main.cjs) as Node loads them.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.STEPF_TRACE_LOADS) appendFileSync(process.env.STEPF_TRACE_LOADS, url + '\\n');
  return next(url, context);
}`)}`,
);

const load = Module.prototype.load;
Module.prototype.load = function (filename) {
  if (process.env.STEPF_TRACE_LOADS) appendFileSync(process.env.STEPF_TRACE_LOADS, `${pathToFileURL(filename).href}\n`);
  return load.call(this, filename);
};
