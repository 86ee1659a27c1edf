/** go(): tasks start on the next turn and their failures are never swallowed. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Chan, go } from '@flounder-ts/runtime';
import { drain, withHooks } from './helpers.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/failing-task.ts', import.meta.url));

describe('go', () => {
  it('starts the task on the next microtask turn', async () => {
    const log: string[] = [];
    go(() => log.push('task'));
    log.push('caller');
    await null;
    expect(log).toEqual(['caller', 'task']);
  });

  it('rejects what is not a function', () => {
    expect(() => go('nope' as unknown as () => void)).toThrow('go: expected a function, got "nope"');
  });

  it('hands a thrown or rejected error to the failure handler, with the context taken at go()', async () => {
    const failures: [unknown, unknown][] = [];
    let current = 'domain A';
    await withHooks(
      { onTaskFailure: (error, context) => failures.push([error, context]), taskContext: () => current },
      async () => {
        const boom = new Error('boom');
        go(() => {
          throw boom;
        });
        current = 'domain B';
        const c = new Chan<number>();
        go(async () => {
          await c.recv();
          throw 'later';
        });
        current = 'domain C';
        await drain();
        await c.send(1);
        await drain();
        expect(failures).toEqual([
          [boom, 'domain A'],
          ['later', 'domain B'],
        ]);
      },
    );
  });

  for (const mode of ['throw', 'reject']) {
    it(`by default a failing task (${mode}) is reported as uncaught and ends the process`, () => {
      const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', FIXTURE, mode], {
        cwd: REPO,
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`task failed (${mode})`);
      expect(run.stdout).not.toContain('survived');
    });
  }
});
