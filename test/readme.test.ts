/**
 * The README's first program is examples/hello.ts, word for word, and it does what the
 * README says it prints.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the README', () => {
  it("shows examples/hello.ts as it is", () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const shown = /## A first program[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(readFileSync(`${ROOT}examples/hello.ts`, 'utf8'));
  });

  it('says what examples/hello.ts prints', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', 'examples/hello.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(['pong 0 over ump at cycle 90000', 'pong 1 over ump at cycle 90540', 'pong 2 over ump at cycle 91080', ''].join('\n'));
  });
});
