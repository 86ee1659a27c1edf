/**
 * RPC through generated stubs: many calls in flight on one binding, answered out of order
 * and matched by their tokens; many tasks calling over one binding at once (Barrelfish's
 * mt_waitset); a server's error reaching its caller; a binding that goes with calls in
 * flight rejecting every one of them.
 */
import { isFlounderError } from '@flounder-ts/runtime';
import type { Machine } from '@flounder-ts/kernel-sim';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as test from '../examples/gen/test.js';
import { RPC, bytes, type ErrorSeen, type dyingClient, type manyInFlight } from './domains/rpc.js';
import { newMachine, program } from './machines.js';

const INTERCONNECTS = [
  ['lmp', 1],
  ['ump', 5],
] as const;

describe.each(['simulated', 'threads'] as const)('rpc on the %s platform', (platform) => {
  /** A machine on this platform, shut down after the test. */
  function machineOn(): Machine {
    const machine = newMachine({ platform });
    onTestFinished(() => machine.shutdown());
    return machine;
  }

  for (const [interconnect, core] of INTERCONNECTS) {
    it(`answers many calls in flight on one binding, out of order, each to its caller (${interconnect})`, async () => {
      const machine = machineOn();
      machine.spawn({ name: 'server', core: 1, daemon: true }, { module: RPC, export: 'mtServer' });
      const calls = 200;
      const client = machine.spawn({ name: 'client', core }, { module: RPC, export: 'manyInFlight', arg: calls });
      await machine.run();
      const { answers, order, interconnect: chosen } = (await client.result) as Awaited<ReturnType<typeof manyInFlight>>;
      expect(chosen).toBe(interconnect);
      answers.forEach((r, i) => {
        expect(r.o2).toBe(i);
        expect(r.o1).toBe((BigInt(i) << 40n) + 1n);
        expect(r.s2).toEqual(bytes(i % 300, i).reverse());
      });
      // The server answered out of order: certain in virtual time; on threads, real timers on a
      // loaded machine may well fire in one batch, in the order the calls came.
      if (platform === 'simulated') expect(order).not.toEqual([...order].sort((a, b) => a - b));
      expect([...order].sort((a, b) => a - b)).toEqual(answers.map((_, i) => i));
    });

    it(`serves many tasks calling over one binding at once (mt_waitset, ${interconnect})`, async () => {
      const machine = machineOn();
      machine.spawn({ name: 'server', core: 1, daemon: true }, { module: RPC, export: 'mtServer' });
      const tasks = 16;
      const perTask = 25;
      const client = machine.spawn({ name: 'client', core }, { module: RPC, export: 'mtTasks', arg: { tasks, perTask } });
      await machine.run();
      expect(await client.result).toEqual(new Array(tasks).fill(perTask));
    });

    it(`rejects a call with the server's error, and the binding goes on (${interconnect})`, async () => {
      const machine = machineOn();
      machine.spawn({ name: 'server', core: 1, daemon: true }, { module: RPC, export: 'failingServer' });
      const client = machine.spawn({ name: 'client', core }, { module: RPC, export: 'failingClient' });
      await machine.run();
      const [one, two, three, four, five] = (await client.result) as (number | ErrorSeen)[];
      expect(one).toEqual({
        code: 'LIB_ERR_NAMESERVICE_UNKNOWN_NAME',
        message: "Lookup failed: unknown name: no name one (the server's answer to test.basic_rpc)",
      });
      expect((two as ErrorSeen).code).toBe('FLOUNDER_ERR_RPC_SERVER');
      expect((two as ErrorSeen).message).toContain('the server tripped over argument 2');
      expect((three as ErrorSeen).code).toBe('MON_ERR_IREF_ALLOC');
      expect((four as ErrorSeen).code).toBe('FLOUNDER_ERR_BAD_ARGUMENT');
      expect((four as ErrorSeen).message).toContain('result must be an integer from 0 to 4294967295, got -1');
      expect(five).toBe(50);
    });

    it(`rejects every call in flight when the server dies, and none hangs (${interconnect})`, async () => {
      const machine = machineOn();
      // A server that takes calls and never answers, and whose domain ends after the tenth.
      machine.spawn({ name: 'server', core: 1 }, { module: RPC, export: 'dyingServer' });
      const client = machine.spawn({ name: 'client', core }, { module: RPC, export: 'dyingClient' });
      await machine.run();
      const { errors, closed, after } = (await client.result) as Awaited<ReturnType<typeof dyingClient>>;
      for (const e of errors) {
        expect((e as ErrorSeen).code).toBe('FLOUNDER_ERR_BINDING_CLOSED');
        expect((e as ErrorSeen).message).toContain('the peer closed it');
      }
      expect(closed).toBeUndefined(); // closed in order, by the peer, not by an error
      expect(after?.code).toBe('FLOUNDER_ERR_BINDING_CLOSED');
    });
  }
});

describe('rpc', () => {
  it('rejects the calls in flight when the client closes its own binding', async () => {
    const machine = newMachine();
    machine.spawn({ name: 'server', core: 1, daemon: true }, (disp) =>
      test.serveRpc(disp, 'slow', { basic_rpc: async (call) => (await disp.sleep(1e6), { result: call.arg }) }),
    );
    const outcome = program(machine, 'client', 2, async (disp) => {
      const b = await test.bind(disp, 'slow');
      const pending = [b.rpc.basic_rpc({ arg: 1 }), b.rpc.basic_rpc({ arg: 2 })].map((p) => p.catch((e: unknown) => e));
      await disp.sleep(1000);
      b.close();
      return Promise.all(pending);
    });
    await machine.run();
    for (const e of outcome()) expect(isFlounderError(e, 'FLOUNDER_ERR_BINDING_CLOSED')).toBe(true);
  });

  it('gives every binding its own server object when serveRpc gets a function', async () => {
    const machine = newMachine();
    machine.spawn({ name: 'server', core: 1, daemon: true }, (disp) =>
      test.serveRpc(disp, 'counting', () => {
        let calls = 0;
        return { basic_rpc: () => ({ result: ++calls }) };
      }),
    );
    const results = [2, 3].map((core) =>
      program(machine, `client${core}`, core, async (disp) => {
        const b = await test.bind(disp, 'counting');
        const out: number[] = [];
        for (let i = 0; i < 3; i++) out.push((await b.rpc.basic_rpc({ arg: 0 })).result);
        return out;
      }),
    );
    await machine.run();
    for (const r of results) expect(r()).toEqual([1, 2, 3]);
  });
});
