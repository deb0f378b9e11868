import type { Source } from '../types.js';
import { aws } from './aws.js';
import { env } from './env.js';
import { file } from './file.js';
import { opt } from './opt.js';
import { param } from './param.js';
import { cf, s3, ssm } from './remote.js';
import { self } from './self.js';
import { sls } from './sls.js';
import { strToBool } from './str-to-bool.js';

/** Every variable source stepf reads, by the name written before `:` or `(`. */
export const SOURCES: Readonly<Record<string, Source>> = { self, opt, env, file, sls, param, aws, ssm, cf, s3, strToBool };
export const SOURCE_NAMES = Object.keys(SOURCES);
