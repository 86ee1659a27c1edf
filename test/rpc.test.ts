/**
 * RPC through generated stubs: many calls in flight on one binding, answered out of order
 * and matched by their tokens; many tasks calling over one binding at once (Barrelfish's
 * mt_waitset); a server's error reaching its caller; a binding that goes with calls in
 * flight rejecting every one of them.
 */
import { FlounderError, isFlounderError, type Dispatcher } from '@flounder-ts/runtime';
import { describe, expect, it } from 'vitest';
import * as mt from '../examples/gen/mt_waitset.js';
import * as test from '../examples/gen/test.js';
import { newMachine, program } from './machines.js';

const INTERCONNECTS = [
  ['lmp', 1],
  ['ump', 5],
] as const;

/** The mt_waitset server: o1 = i1 + 1, s2 = s1 reversed, o2 = i2, after a delay that varies by call. */
function mtServer(disp: Dispatcher): Promise<unknown> {
  return mt.serveRpc(disp, 'mt', {
    async rpc_method(call) {
      await disp.sleep((call.i2 * 7919) % 5000);
      return { o1: call.i1 + 1n, s2: call.s1.slice().reverse(), o2: call.i2 };
    },
  });
}

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

describe('rpc', () => {
  for (const [interconnect, core] of INTERCONNECTS) {
    it(`answers many calls in flight on one binding, out of order, each to its caller (${interconnect})`, async () => {
      const machine = newMachine();
      machine.spawn({ name: 'server', core: 1, daemon: true }, mtServer);
      const calls = 200;
      const results = program(machine, 'client', core, async (disp) => {
        const b = await mt.bind(disp, 'mt');
        const order: number[] = [];
        const answers = await Promise.all(
          Array.from({ length: calls }, (_, i) =>
            b.rpc.rpc_method({ i1: BigInt(i) << 40n, s1: bytes(i % 300, i), i2: i }).then((r) => {
              order.push(r.o2);
              return r;
            }),
          ),
        );
        return { answers, order, interconnect: b.interconnect };
      });
      await machine.run();
      const { answers, order, interconnect: chosen } = results();
      expect(chosen).toBe(interconnect);
      answers.forEach((r, i) => {
        expect(r.o2).toBe(i);
        expect(r.o1).toBe((BigInt(i) << 40n) + 1n);
        expect(r.s2).toEqual(bytes(i % 300, i).reverse());
      });
      expect(order).not.toEqual([...order].sort((a, b) => a - b)); // the server answered out of order
    });

    it(`serves many tasks calling over one binding at once (mt_waitset, ${interconnect})`, async () => {
      const machine = newMachine();
      machine.spawn({ name: 'server', core: 1, daemon: true }, mtServer);
      const tasks = 16;
      const perTask = 25;
      const counts = program(machine, 'client', core, async (disp) => {
        const b = await mt.bind(disp, 'mt');
        const done: number[] = new Array<number>(tasks).fill(0);
        await Promise.all(
          Array.from({ length: tasks }, (_, t) =>
            new Promise<void>((finished, failed) =>
              disp.go(async () => {
                try {
                  for (let k = 0; k < perTask; k++) {
                    const i2 = t * 1000 + k;
                    const s1 = bytes((t * 37 + k * 11) % 2048, i2);
                    const r = await b.rpc.rpc_method({ i1: BigInt(i2), s1, i2 });
                    if (r.o2 !== i2 || r.o1 !== BigInt(i2) + 1n) throw new Error(`task ${t}: wrong answer ${r.o2}`);
                    expect(r.s2).toEqual(s1.reverse());
                    done[t]!++;
                  }
                  finished();
                } catch (err) {
                  failed(err);
                }
              }),
            ),
          ),
        );
        return done;
      });
      await machine.run();
      expect(counts()).toEqual(new Array(tasks).fill(perTask));
    });

    it(`rejects a call with the server's error, and the binding goes on (${interconnect})`, async () => {
      const machine = newMachine();
      machine.spawn({ name: 'server', core: 1, daemon: true }, (disp) =>
        test.serveRpc(disp, 'failing', {
          basic_rpc(call) {
            if (call.arg === 1) throw new FlounderError('LIB_ERR_NAMESERVICE_UNKNOWN_NAME', 'no name one');
            if (call.arg === 2) throw new TypeError('the server tripped over argument 2');
            if (call.arg === 3) return Promise.reject(new FlounderError('MON_ERR_IREF_ALLOC', 'later'));
            if (call.arg === 4) return { result: -1 }; // a uint32 cannot be negative: the server's mistake
            return { result: call.arg * 10 };
          },
        }),
      );
      const outcome = program(machine, 'client', core, async (disp) => {
        const b = await test.bind(disp, 'failing');
        const settle = (arg: number) =>
          b.rpc.basic_rpc({ arg }).then(
            (r) => r.result,
            (e: unknown) => e,
          );
        return Promise.all([settle(1), settle(2), settle(3), settle(4), settle(5)]);
      });
      await machine.run();
      const [one, two, three, four, five] = outcome();
      expect(one).toBeInstanceOf(FlounderError);
      expect((one as FlounderError).code).toBe('LIB_ERR_NAMESERVICE_UNKNOWN_NAME');
      expect((one as FlounderError).message).toBe(
        "Lookup failed: unknown name: no name one (the server's answer to test.basic_rpc)",
      );
      expect(isFlounderError(two, 'FLOUNDER_ERR_RPC_SERVER')).toBe(true);
      expect((two as Error).message).toContain('the server tripped over argument 2');
      expect(isFlounderError(three, 'MON_ERR_IREF_ALLOC')).toBe(true);
      expect(isFlounderError(four, 'FLOUNDER_ERR_BAD_ARGUMENT')).toBe(true);
      expect((four as Error).message).toContain('result must be an integer from 0 to 4294967295, got -1');
      expect(five).toBe(50);
    });

    it(`rejects every call in flight when the server dies, and none hangs (${interconnect})`, async () => {
      const machine = newMachine();
      // A server that takes calls and never answers, and whose domain ends after the tenth.
      machine.spawn({ name: 'server', core: 1 }, async (disp) => {
        let received = 0;
        let die!: () => void;
        const dead = new Promise<void>((resolve) => (die = resolve));
        await test.serveRpc(disp, 'dying', {
          basic_rpc: () => {
            if (++received === 10) die();
            return new Promise<never>(() => {});
          },
        });
        await dead;
      });
      const outcome = program(machine, 'client', core, async (disp) => {
        const b = await test.bind(disp, 'dying');
        const calls = Array.from({ length: 10 }, (_, arg) => b.rpc.basic_rpc({ arg }).then(() => 'answered', (e: unknown) => e));
        const errors = await Promise.all(calls);
        const closed = await b.closed;
        let after: unknown;
        try {
          await b.rpc.basic_rpc({ arg: 99 });
        } catch (err) {
          after = err;
        }
        return { errors, closed, after };
      });
      await machine.run();
      const { errors, closed, after } = outcome();
      for (const e of errors) {
        expect(isFlounderError(e, 'FLOUNDER_ERR_BINDING_CLOSED')).toBe(true);
        expect((e as Error).message).toContain('the peer closed it');
      }
      expect(closed).toBeUndefined(); // closed in order, by the peer, not by an error
      expect(isFlounderError(after, 'FLOUNDER_ERR_BINDING_CLOSED')).toBe(true);
    });
  }

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
