// The service model is config/'s output (config/model.ts); compile reads it from here.
export type * from '../config/model.js';
