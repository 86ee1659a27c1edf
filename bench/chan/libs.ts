/**
 * The channel libraries under comparison, each behind the same small adapter so that every
 * shape is written once. Each library runs in its own process (see main.ts), so the adapter's
 * call sites only ever see one implementation and the engine inlines it.
 */
import { Chan, go, recvCase, select, type RecvCase } from '@flounder-ts/runtime';
import { Chan as TsChan, recv as tsRecv, Select as TsSelect } from 'ts-chan';
import * as csp from '@paybase/csp';

/** What a benchmark shape needs from a channel library. */
export interface Lib<C, R = unknown> {
  readonly name: string;
  /** A channel of numbers with a buffer of `cap`, or null if the library has no buffers. */
  chan(cap: number): C | null;
  send(c: C, v: number): Promise<void>;
  /** Receives in the library's own result form; `value` reads the number out of it. */
  recv(c: C): Promise<R>;
  value(r: R): number | undefined;
  /** Starts a task the library's way. */
  spawn(fn: () => Promise<unknown>): void;
  /** A select over receive cases, made once and waited on repeatedly; resolves to the value. */
  readonly selector?: (cs: readonly C[]) => () => Promise<number | undefined>;
  /** Non-blocking send and receive, for the try-first idiom, when the library has them. */
  readonly trySend?: (c: C, v: number) => boolean;
  readonly tryRecv?: (c: C) => number | undefined;
}

export const ours: Lib<Chan<number>, number | undefined> = {
  name: 'flounder-ts',
  chan: (cap) => new Chan<number>(cap),
  send: (c, v) => c.send(v),
  recv: (c) => c.recv(),
  value: (r) => r,
  spawn: (fn) => go(fn),
  selector: (cs) => {
    const cases: RecvCase<number>[] = cs.map((c) => recvCase(c));
    return async () => (await select(cases)).value;
  },
  trySend: (c, v) => c.trySend(v),
  tryRecv: (c) => {
    const r = c.tryRecv();
    return r === undefined ? undefined : r[0];
  },
};

/**
 * ts-chan. By default its operations yield to the macrotask queue when nothing else did (its
 * guard against starving the event loop); `unsafe` turns that off, as its `setUnsafe` does.
 */
function tsChanLib(unsafe: boolean): Lib<TsChan<number>, IteratorResult<number, number | undefined>> {
  return {
    name: unsafe ? 'ts-chan (unsafe)' : 'ts-chan',
    chan: (cap) => new TsChan<number>(cap).setUnsafe(unsafe),
    send: (c, v) => c.send(v),
    recv: (c) => c.recv(),
    value: (r) => r.value,
    spawn: (fn) => void fn(),
    selector: (cs) => {
      const sel = new TsSelect(cs.map((c) => tsRecv(c))).setUnsafe(unsafe);
      return async () => {
        const i = await sel.wait();
        return sel.recv(sel.cases[i]!).value as number | undefined;
      };
    },
    trySend: (c, v) => c.trySend(v),
    tryRecv: (c) => c.tryRecv()?.value,
  };
}

export const paybaseCsp: Lib<csp.Channel<number>, number> = {
  name: '@paybase/csp',
  chan: (cap) => (cap === 0 ? csp.channel<number>() : null),
  send: (c, v) => csp.put(c, v),
  recv: (c) => csp.take(c),
  value: (r) => r,
  spawn: (fn) => void fn(),
  selector: (cs) => async () => (await csp.select(cs as csp.Channel<number>[]))[1],
};

/**
 * The floor: the least any promise-based channel can do (one waiting slot per direction, a
 * bare ring buffer, no close, no checks, no select). Not a usable channel; it shows how much
 * of each figure is the engine's promise and await machinery. An operation that need not
 * wait still returns a promise, as the API does, and awaiting it still costs a microtask turn.
 */
class Slot {
  receiver: ((v: number) => void) | null = null;
  sender: (() => void) | null = null;
  /** The value a waiting sender brings. */
  value = 0;
  readonly buffer: number[];
  head = 0;
  count = 0;

  constructor(readonly cap: number) {
    this.buffer = new Array<number>(cap).fill(0);
  }
}
let captured: (v: never) => void = () => {};
const capture = (resolve: (v: never) => void) => void (captured = resolve);
const RESOLVED = Promise.resolve();
export const floor: Lib<Slot, number> = {
  name: 'floor',
  chan: (cap) => new Slot(cap),
  send: (c, v) => {
    const r = c.receiver;
    if (r !== null) {
      c.receiver = null;
      r(v);
      return RESOLVED;
    }
    if (c.count < c.cap) {
      c.buffer[(c.head + c.count++) % c.cap] = v;
      return RESOLVED;
    }
    const p = new Promise<void>(capture);
    c.sender = captured as () => void;
    c.value = v;
    return p;
  },
  recv: (c) => {
    const s = c.sender;
    if (c.count > 0) {
      const v = c.buffer[c.head]!;
      c.head = (c.head + 1) % c.cap;
      c.count--;
      if (s !== null) {
        // The waiting sender's value takes the place freed.
        c.sender = null;
        c.buffer[(c.head + c.count++) % c.cap] = c.value;
        s();
      }
      return Promise.resolve(v);
    }
    if (s !== null) {
      c.sender = null;
      s();
      return Promise.resolve(c.value);
    }
    const p = new Promise<number>(capture);
    c.receiver = captured as (v: number) => void;
    return p;
  },
  value: (r) => r,
  spawn: (fn) => void fn(),
};

/** Every library, in the order of the table's columns; `ours` first. */
export const LIBS = {
  ours,
  'ts-chan': tsChanLib(false),
  'ts-chan-unsafe': tsChanLib(true),
  csp: paybaseCsp,
  floor,
} as const;
export type LibName = keyof typeof LIBS;
