// Preloaded with `node --import`: reports every module URL the process loads to the file in STEPF_TRACE_LOADS.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.STEPF_TRACE_LOADS) appendFileSync(process.env.STEPF_TRACE_LOADS, url + '\\n');
  return next(url, context);
}`)}`,
);
