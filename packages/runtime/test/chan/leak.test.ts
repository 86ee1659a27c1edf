/**
 * The leak test: a million selects that lose a case, and aborted waits and abandoned
 * iterations, leave the heap as it was. It runs packages/runtime/scripts/leak.ts in a node
 * started with --expose-gc, so that the heap can be measured after a full collection.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/leak.ts', import.meta.url));

describe('leaks', () => {
  it('a million losing selects, aborted waits and abandoned iterations leave no growth', { timeout: 60_000 }, () => {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--conditions=source', '--import', 'tsx', SCRIPT, '--count', '1000000'],
      { cwd: REPO, encoding: 'utf8', timeout: 55_000 },
    );
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { leaked: boolean; staleReceivers: string[]; growthBytes: object };
    expect(result.staleReceivers).toEqual([]);
    expect(result.leaked, JSON.stringify(result.growthBytes)).toBe(false);
    expect(run.status).toBe(0);
  });
});
