/**
 * The generated modules checked in (examples/gen, the nameservice's in kernel-sim) are what
 * the real compiler makes of the real `.if` files in examples/idl today.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../packages/idl-compiler/src/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { sets } = JSON.parse(readFileSync(`${ROOT}examples/generated.json`, 'utf8')) as {
  sets: { out: string; idl: string[] }[];
};

describe('generated modules', () => {
  for (const { out, idl } of sets) {
    it(`${out} is up to date with ${idl.join(', ')}`, async () => {
      let printed = '';
      const io = { out: (t: string) => (printed += t), err: (t: string) => (printed += t) };
      const code = await run(['--check', '-o', `${ROOT}${out}`, ...idl.map((f) => `${ROOT}${f}`)], io);
      expect(printed, 'run `npm run gen` to regenerate').toBe('');
      expect(code).toBe(0);
    });
  }
});
