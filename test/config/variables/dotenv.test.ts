import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../src/config/variables/dotenv.js';
import { resolverFor, userErrorOf } from './helpers.js';

describe('.env files under useDotenv: true', () => {
  const yaml = `
useDotenv: true
provider:
  stage: \${opt:stage, 'dev'}
a: \${env:FROM_FILE}
b: \${env:REAL}
`;

  it('.env is read into ${env:} without overwriting real environment variables', async () => {
    const r = await resolverFor(yaml, { files: { '.env': 'FROM_FILE=file-value\nREAL=from-file\n' }, env: { REAL: 'real' } });
    expect(await r.get(['a'])).toBe('file-value');
    expect(await r.get(['b'])).toBe('real');
  });

  it('.env.<stage> is read instead of .env when it exists', async () => {
    const files = { '.env': 'FROM_FILE=plain\n', '.env.prod': 'FROM_FILE=prod-value\n' };
    expect(await (await resolverFor(yaml, { files, options: { stage: 'prod' } })).get(['a'])).toBe('prod-value');
    expect(await (await resolverFor(yaml, { files, options: { stage: 'test' } })).get(['a'])).toBe('plain');
  });

  it('the stage from provider.stage picks the file', async () => {
    const r = await resolverFor('useDotenv: true\nprovider: { stage: qa }\na: ${env:X}', { files: { '.env.qa': 'X=qa\n', '.env': 'X=plain' } });
    expect(await r.get(['a'])).toBe('qa');
  });

  it('without useDotenv, .env is not read', async () => {
    const r = await resolverFor('a: ${env:FROM_FILE}', { files: { '.env': 'FROM_FILE=x\n' } });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expect(d.code).toBe('variable-unresolved');
  });

  it('a missing variable mentions the .env file that was read', async () => {
    const r = await resolverFor(yaml, { files: { '.env': 'OTHER=1\n' } });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expect(d.message).toContain('environment variable FROM_FILE is not set (nor in .env)');
  });

  it('a variable that picks the .env file cannot come from it', async () => {
    const err = await userErrorOf(
      resolverFor('useDotenv: true\nprovider:\n  stage: ${env:STAGE, "dev"}\n', { files: { '.env': 'STAGE=prod\n' } }),
    );
    expect(err.diagnostics[0].code).toBe('dotenv-conflict');
  });

  it('parses comments, export, quotes, multi-line values and expansion', () => {
    expect(
      parseDotenv(`# comment
export A=1
B = "two words" # trailing
C='single \${A}'
D="line1\\nline2"
E=
F=\`back\`
G="multi
line"
`),
    ).toEqual({
      A: { value: '1', expand: true },
      B: { value: 'two words', expand: true },
      C: { value: 'single ${A}', expand: false },
      D: { value: 'line1\nline2', expand: true },
      E: { value: '', expand: true },
      F: { value: 'back', expand: true },
      G: { value: 'multi\nline', expand: true },
    });
  });

  it('expands ${VAR} from the environment and earlier entries', async () => {
    const r = await resolverFor('useDotenv: true\na: ${env:URL}', {
      files: { '.env': 'HOST=example.com\nURL=https://${HOST}/${USER_PATH:-x}/$PORT\n' },
      env: { PORT: '8080' },
    });
    expect(await r.get(['a'])).toBe('https://example.com/x/8080');
  });
});
