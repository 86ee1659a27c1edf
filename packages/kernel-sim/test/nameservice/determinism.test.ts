/**
 * A machine with the nameservice booted (a domain spawned from its module) runs the same
 * every time in the deterministic clock: how long loading a domain's module takes, in real
 * time, never shows in the simulation.
 */
import { describe, expect, it } from 'vitest';
import { Machine, nameservice } from '../../src/index.js';

const WAITER = new URL('./fixtures/waiter.ts', import.meta.url);

/**
 * Registers a name and has domains wait for it: three spawned with a function, one from a
 * module that is loaded the first time it is spawned.
 */
async function traceOfRun(): Promise<string> {
  const machine = new Machine({ topology: 'ivybridge-2x10', trace: true, boot: [nameservice] });
  machine.spawn({ name: 'registrar', core: 5 }, async (disp) => {
    await disp.sleep(10_000);
    await disp.nameService.register('service.1', 4242);
  });
  for (const core of [2, 11, 19]) {
    machine.spawn({ name: `waiter${core}`, core }, async (disp) => {
      if ((await disp.nameService.waitFor('service.1')) !== 4242) throw new Error('wrong iref');
    });
  }
  const fromModule = machine.spawn({ name: 'loaded', core: 7 }, { module: WAITER, export: 'waiter', arg: 'service.1' });
  await machine.run();
  if ((await fromModule.result) !== 4242) throw new Error('wrong iref');
  return machine.trace.toJSON();
}

describe('the nameservice at boot', () => {
  it('leaves the deterministic clock deterministic: the same trace on every run', async () => {
    const first = await traceOfRun(); // the waiter's module is loaded here
    const second = await traceOfRun(); // and found loaded here
    expect(second).toBe(first);
    expect(first).toContain('nameservice@0');
  });
});
