/**
 * Caps in messages through generated stubs: an endpoint cap sent over a channel and then
 * bound to and used (a channel sent over a channel), and `give_away_cap` moving a cap, over
 * LMP and UMP.
 */
import { isFlounderError, type CapRef } from '@flounder-ts/runtime';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as handoff from '../examples/gen/handoff.js';
import * as test from '../examples/gen/test.js';
import { HANDOFF } from '../examples/handoff/handoff.js';
import { newMachine, program } from './machines.js';

describe('caps in messages', () => {
  for (const [interconnect, core] of [
    ['lmp', 1],
    // Core 2: on threads, another thread than the broker's core 1.
    ['ump', 2],
  ] as const) {
    it.each(['simulated', 'threads'] as const)(`sends a channel over a channel, and the receiver binds to it and uses it (${interconnect}, %s)`, async (platform) => {
      const machine = newMachine({ platform });
      onTestFinished(() => machine.shutdown());
      machine.spawn({ name: 'broker', core: 1, daemon: true }, { module: HANDOFF, export: 'broker' });
      const clients = [0, 1].map((worker) =>
        machine.spawn({ name: `client${worker}`, core }, { module: HANDOFF, export: 'handoffClient', arg: { worker, count: 20 } }),
      );
      await machine.run();
      for (const c of clients) expect(await c.result).toEqual([interconnect, interconnect]);
    });

    it(`moves a give_away_cap: the sender holds it no more (${interconnect})`, async () => {
      const machine = newMachine();
      const given: CapRef[] = [];
      let held: unknown[] = [];
      machine.spawn({ name: 'server', core: 1, daemon: true }, async (disp) => {
        await handoff.serveRpc(disp, 'giver', {
          open() {
            const frame = disp.createCap('Frame', 8192);
            given.push(frame);
            return { endpoint: frame };
          },
        });
      });
      const received = program(machine, 'client', core, async (disp) => {
        const b = await handoff.bind(disp, 'giver');
        const { endpoint } = await b.rpc.open({ worker: 0 });
        const server = machine.cpus[1]!.dispatchers.find((d) => d.name === 'server@1')!;
        held = given.map((cap) => {
          try {
            return server.identifyCap(cap);
          } catch (err) {
            return err;
          }
        });
        return disp.identifyCap(endpoint);
      });
      await machine.run();
      expect(received()).toMatchObject({ type: 'Frame', bytes: 8192 });
      expect(held).toHaveLength(1);
      expect(isFlounderError(held[0], 'SYS_ERR_IDENTIFY_LOOKUP')).toBe(true);
    });
  }

  it('refuses a message with a cap the sender does not hold, before sending any of it', async () => {
    const machine = newMachine();
    const log: string[] = [];
    machine.spawn({ name: 'server', core: 1, daemon: true }, (disp) =>
      test.serve(disp, 'caps', () => ({ basic: (_, m) => log.push(`basic ${m.arg}`), one_cap: () => log.push('one_cap') })),
    );
    const outcome = program(machine, 'client', 2, async (disp) => {
      const b = await test.bind(disp, 'caps');
      const frame = disp.createCap('Frame');
      disp.deleteCap(frame);
      let error: unknown;
      try {
        b.tx.one_cap({ arg: 1, cap1: frame });
      } catch (err) {
        error = err;
      }
      b.tx.basic({ arg: 2 }); // the binding goes on
      await new Promise<void>((resolve) => b.registerSend(resolve));
      await disp.sleep(10_000);
      return error;
    });
    await machine.run();
    const error = outcome();
    expect(isFlounderError(error, 'SYS_ERR_CAP_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('test.one_cap: cap1 is not a capability client@2 holds');
    expect(log).toEqual(['basic 2']);
  });
});
