// Replaced at build time with package.json's version (scripts/build.mjs), so the two never drift.
declare const __STEPF_VERSION__: string | undefined;
export const VERSION: string = typeof __STEPF_VERSION__ === 'string' ? __STEPF_VERSION__ : '0.0.0-dev';
