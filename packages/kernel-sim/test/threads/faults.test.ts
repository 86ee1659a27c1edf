import { describe, expect, it } from 'vitest';
import { TaskFailedError } from '../../src/index.js';
import type { EchoReport } from './fixtures/frames.js';
import { fixture, machineOn } from './platforms.js';

const frames = fixture('frames');
const faults = fixture('faults');

describe('a worker thread that dies', () => {
  for (const how of ['throw', 'exit'] as const) {
    it(`(it ${how === 'throw' ? 'throws' : 'exits'}) takes down only its domains; the rest of the machine runs on`, async () => {
      const machine = machineOn('threads', 'haswell-1x4', { maxThreads: 4 });
      // Core 1: a server whose thread dies in the middle of the traffic. Core 0: a server that lives.
      const doomed = machine.spawn({ name: 'doomed', core: 1, daemon: true }, { module: faults, export: 'doomedServer', arg: { crashAfter: 2000, how } });
      const healthy = machine.spawn({ name: 'healthy', core: 0, daemon: true }, { module: frames, export: 'echoServer' });
      const [doomedIref, healthyIref] = (await Promise.all([doomed.result, healthy.result])) as [number, number];

      const streaming = machine.spawn({ name: 'streaming', core: 2 }, { module: faults, export: 'streamUntilGone', arg: { iref: doomedIref, window: 8 } });
      const binding = machine.spawn({ name: 'binding', core: 3 }, { module: faults, export: 'bindUntilRefused', arg: { iref: doomedIref } });
      const other = machine.spawn({ name: 'other', core: 3 }, { module: frames, export: 'echoClient', arg: { count: 3000, window: 8, iref: healthyIref } });

      const failure = await machine.run().then(
        () => null,
        (err: unknown) => err,
      );
      const reason = how === 'throw' ? 'the worker thread of cores 1 threw: boom' : 'the worker thread of cores 1 exited with code 7';
      expect(failure).toBeInstanceOf(TaskFailedError);
      expect((failure as TaskFailedError).dispatcher).toBe('doomed@1');
      expect((failure as Error).message).toBe(`domain 'doomed' on core 1 was lost: ${reason}`);

      // Traffic to the dead core ends with a clear error instead of a hang.
      const stream = (await streaming.result) as { received: number; peerClosed: boolean; error: string };
      expect(stream.received).toBeGreaterThanOrEqual(2000 - 8);
      expect(stream.peerClosed).toBe(true);
      expect(stream.error).toBe(`FLOUNDER_ERR_BINDING_CLOSED: The binding has been torn down: ${streamLabel(stream)}: the peer is gone: ${reason}`);
      const bind = (await binding.result) as { binds: number; error: string };
      expect(bind.error).toMatch(/^MON_ERR_NO_MONITOR_FOR_CORE: /);
      await expect(doomed.result).resolves.toBe(doomedIref);
      // Everyone else finished, and the machine still works.
      expect(await other.result).toMatchObject({ kind: 'ump', received: 3000, bad: 0 });
      const after = machine.spawn({ name: 'after', core: 2 }, { module: frames, export: 'echoClient', arg: { count: 100, window: 8, iref: healthyIref } });
      await machine.run();
      expect((await after.result) as EchoReport).toMatchObject({ received: 100, bad: 0 });
    });
  }
});

/** The channel's label as the error names it. */
function streamLabel(stream: { error: string }): string {
  return /torn down: (ump#\d+ streaming@2 -> doomed@1)/.exec(stream.error)?.[1] ?? '(no label)';
}
