/**
 * The domains of the RPC tests (see test/rpc.test.ts), as module exports so that any platform
 * can spawn them. What crosses back to the test is plain data: an error as its code and message.
 */
import { FlounderError, isFlounderError, type Dispatcher } from '@flounder-ts/runtime';
import * as mt from '../../examples/gen/mt_waitset.js';
import * as test from '../../examples/gen/test.js';

/** This module, for spawning its domains by name. */
export const RPC = import.meta.url;

/** An error as the test sees it. */
export interface ErrorSeen {
  readonly code: string | null;
  readonly message: string;
}

/** An error as plain data. */
export function seen(err: unknown): ErrorSeen {
  return { code: isFlounderError(err) ? err.code : null, message: err instanceof Error ? err.message : String(err) };
}

export function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

/**
 * The mt_waitset server: o1 = i1 + 1, s2 = s1 reversed, o2 = i2, after a delay that varies by
 * call, up to 2 ms at 2.5 GHz: long enough to reorder the answers on real timers too. A daemon.
 */
export function mtServer(disp: Dispatcher): Promise<unknown> {
  return mt.serveRpc(disp, 'mt', {
    async rpc_method(call) {
      await disp.sleep(((call.i2 * 7919) % 5000) * 1000);
      return { o1: call.i1 + 1n, s2: call.s1.slice().reverse(), o2: call.i2 };
    },
  });
}

/** `calls` calls in flight on one binding at once; returns the answers and the order they came in. */
export async function manyInFlight(disp: Dispatcher, calls: number): Promise<{ answers: Omit<mt.RpcMethodResponse, 'type'>[]; order: number[]; interconnect: string }> {
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
}

/** `tasks` tasks each making `perTask` calls over one binding (Barrelfish's mt_waitset); returns the calls each got right. */
export async function mtTasks(disp: Dispatcher, { tasks, perTask }: { tasks: number; perTask: number }): Promise<number[]> {
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
              const reversed = s1.reverse();
              if (r.o2 !== i2 || r.o1 !== BigInt(i2) + 1n || r.s2.length !== reversed.length || r.s2.some((x, j) => x !== reversed[j])) {
                throw new Error(`task ${t}: wrong answer to call ${i2}`);
              }
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
}

/** A server whose answers are errors for some arguments. A daemon. */
export function failingServer(disp: Dispatcher): Promise<unknown> {
  return test.serveRpc(disp, 'failing', {
    basic_rpc(call) {
      if (call.arg === 1) throw new FlounderError('LIB_ERR_NAMESERVICE_UNKNOWN_NAME', 'no name one');
      if (call.arg === 2) throw new TypeError('the server tripped over argument 2');
      if (call.arg === 3) return Promise.reject(new FlounderError('MON_ERR_IREF_ALLOC', 'later'));
      if (call.arg === 4) return { result: -1 }; // a uint32 cannot be negative: the server's mistake
      return { result: call.arg * 10 };
    },
  });
}

/** Calls the failing server with 1 to 5; returns each result or error. */
export async function failingClient(disp: Dispatcher): Promise<(number | ErrorSeen)[]> {
  const b = await test.bind(disp, 'failing');
  const settle = (arg: number): Promise<number | ErrorSeen> => b.rpc.basic_rpc({ arg }).then((r) => r.result, seen);
  return Promise.all([settle(1), settle(2), settle(3), settle(4), settle(5)]);
}

/** A server that takes calls and never answers, and whose domain ends after the tenth. A program domain. */
export async function dyingServer(disp: Dispatcher): Promise<void> {
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
}

/**
 * A server that takes calls and never answers, and whose thread dies after the tenth: an
 * exception thrown outside any task. A daemon, for the threads platform.
 */
export async function crashingServer(disp: Dispatcher): Promise<void> {
  let received = 0;
  await test.serveRpc(disp, 'dying', {
    basic_rpc: () => {
      if (++received === 10) {
        setTimeout(() => {
          throw new Error('the server crashed');
        });
      }
      return new Promise<never>(() => {});
    },
  });
}

/** Makes ten calls to the dying server, then one more once the binding has closed; returns what each got. */
export async function dyingClient(disp: Dispatcher): Promise<{ errors: (string | ErrorSeen)[]; closed: unknown; after: ErrorSeen | null }> {
  const b = await test.bind(disp, 'dying');
  const calls = Array.from({ length: 10 }, (_, arg) => b.rpc.basic_rpc({ arg }).then(() => 'answered', seen));
  const errors = await Promise.all(calls);
  const closed = await b.closed;
  let after: ErrorSeen | null = null;
  try {
    await b.rpc.basic_rpc({ arg: 99 });
  } catch (err) {
    after = seen(err);
  }
  return { errors, closed: closed === undefined ? undefined : seen(closed), after };
}
