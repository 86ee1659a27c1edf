/**
 * The conformance scenarios of the Go channel conformance plan (§2-3), after Go's own channel tests.
 * A1 and A12-A17 are in stress.test.ts, A9 in select5.test.ts, A11 in powser.test.ts, A19 in
 * types.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Chan, ChanClosedError, go, recvCase, select, sendCase, type SelectCase } from '@flounder-ts/runtime';
import { blocks, drain, rejection } from './helpers.js';

describe('A2 fifo.go', () => {
  it('a cap-10 channel is a strict queue', async () => {
    const ch = new Chan<number>(10);
    for (let i = 0; i < 10; i++) await ch.send(i);
    for (let i = 0; i < 10; i++) expect(await ch.recv()).toBe(i);
  });

  it('ten relay tasks on one unbuffered channel take the values in the order they queued', async () => {
    const data = new Chan<number>();
    const first = new Chan<void>();
    let token = first;
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      const wait = token;
      const pass = new Chan<void>();
      go(async () => {
        await wait.recv();
        const v = await data.recv();
        seen.push(v!);
        expect(v).toBe(i);
        await pass.send();
      });
      token = pass;
    }
    go(() => first.send());
    for (let i = 0; i < 10; i++) await data.send(i);
    await token.recv();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('A3 select3.go', () => {
  const BLOCK_MS = 100;

  it('blocks', async () => {
    const fresh = new Chan<number>();
    const same = new Chan<number>();
    const cases: [string, () => Promise<unknown>][] = [
      ['send on nil', () => select([sendCase(null, 1)])],
      ['receive on nil', () => select([recvCase(null)])],
      ['receive on an empty unbuffered channel', () => fresh.recv()],
      ['the empty select', () => select([])],
      ['a select of nil cases', () => select([recvCase(null), sendCase(null, 1)])],
      ['a single receive case on a channel that is not ready', () => select([recvCase(fresh)])],
      ['a select sending and receiving on one fresh unbuffered channel', () => select([sendCase(same, 1), recvCase(same)])],
    ];
    const results = await Promise.all(cases.map(async ([name, op]) => [name, await blocks(op(), BLOCK_MS)] as const));
    for (const [name, blocked] of results) expect(blocked, name).toBe(true);
  });

  it('does not block', async () => {
    const closed = new Chan<number>();
    closed.close();
    const cases: [string, () => Promise<unknown>][] = [
      ['a send into an empty cap-1 channel', () => new Chan<number>(1).send(1)],
      ['select with only a default', () => select([], { default: true })],
      ['nil cases with a default', () => select([recvCase(null), sendCase(null, 1)], { default: true })],
      ['a receive case on a closed channel', () => select([recvCase(closed)])],
      ['a receive case on a closed channel, with default', () => select([recvCase(closed)], { default: true })],
    ];
    for (let i = 0; i < 10; i++) {
      cases.push([`receive ${i} from a closed unbuffered channel`, () => closed.recv()]);
      cases.push([`comma-ok receive ${i} from a closed unbuffered channel`, () => closed.recv2()]);
    }
    for (const [name, op] of cases) expect(await blocks(op()), name).toBe(false);
    expect(await closed.recv()).toBeUndefined();
    expect(await closed.recv2()).toEqual([undefined, false]);
    expect((await select([], { default: true })).index).toBe(-1);
    expect((await select([recvCase(null)], { default: true })).index).toBe(-1);
    expect(await select([recvCase(closed)], { default: true })).toEqual({ index: 0, value: undefined, ok: false });
  });

  it('a ready case beats default', async () => {
    const empty = new Chan<number>(1);
    expect((await select([sendCase(empty, 1)], { default: true })).index).toBe(0);
    const holding = new Chan<number>(1);
    holding.trySend(7);
    expect(await select([recvCase(holding)], { default: true })).toEqual({ index: 0, value: 7, ok: true });
  });

  it('fails on a send to a closed channel, plain or as a one-case select', async () => {
    const closed = new Chan<number>();
    closed.close();
    expect(await rejection(closed.send(1))).toBeInstanceOf(ChanClosedError);
    expect(await rejection(select([sendCase(closed, 1)]))).toBeInstanceOf(ChanClosedError);
  });
});

describe('A4 closedchan.go', () => {
  /** Every receive, plain, as a one-case select and beside a never-ready dummy: [value, ok, selected]. */
  function receivers(dummy: Chan<number>): [string, (c: Chan<number>) => Promise<[unknown, boolean, boolean]>][] {
    const viaSelect = async (cases: SelectCase<number>[], index: number, dflt: boolean) => {
      const r = await select(cases, { default: dflt });
      return [r.value, r.ok, r.index === index] as [unknown, boolean, boolean];
    };
    return [
      ['recv', async (c) => [await c.recv(), true, true]],
      ['recv2', async (c) => [...(await c.recv2()), true]],
      ['tryRecv', async (c) => {
        const r = c.tryRecv();
        return r === undefined ? [undefined, false, false] : [r[0], r[1], true];
      }],
      ['select', (c) => viaSelect([recvCase(c)], 0, false)],
      ['select with dummy', (c) => viaSelect([recvCase(dummy), recvCase(c)], 1, false)],
      ['select with default', (c) => viaSelect([recvCase(c)], 0, true)],
      ['select with dummy and default', (c) => viaSelect([recvCase(dummy), recvCase(c)], 1, true)],
    ];
  }

  function senders(dummy: Chan<number>): [string, (c: Chan<number>) => Promise<unknown>][] {
    return [
      ['send', (c) => c.send(1)],
      ['trySend', async (c) => c.trySend(1)],
      ['select', (c) => select([sendCase(c, 1)])],
      ['select with dummy', (c) => select([recvCase(dummy), sendCase(c, 1)])],
      ['select with default', (c) => select([sendCase(c, 1)], { default: true })],
      ['select with dummy and default', (c) => select([recvCase(dummy), sendCase(c, 1)], { default: true })],
    ];
  }

  async function expectClosedAndDrained(c: Chan<number>, dummy: Chan<number>): Promise<void> {
    for (let round = 0; round < 3; round++) {
      for (const [name, recv] of receivers(dummy)) {
        expect(await recv(c), `${name} round ${round}`).toEqual([undefined, name === 'recv', true]);
      }
      for (const [name, send] of senders(dummy)) {
        expect(await rejection(send(c)), name).toEqual(new ChanClosedError('send on closed channel'));
      }
      expect(await c.recv()).toBeUndefined();
    }
  }

  it('a closed unbuffered channel: receives give the zero value, ok false, selected; sends fail', async () => {
    const dummy = new Chan<number>();
    const c = new Chan<number>();
    c.close();
    await expectClosedAndDrained(c, dummy);
  });

  it('a closed cap-2 channel holding 1: the first receive of each form yields 1, then as drained', async () => {
    const dummy = new Chan<number>();
    for (const [name, recv] of receivers(dummy)) {
      const c = new Chan<number>(2);
      await c.send(1);
      c.close();
      expect(await recv(c), name).toEqual([1, true, true]);
      await expectClosedAndDrained(c, dummy);
    }
  });

  it('close of nil and a double close fail', () => {
    const c = new Chan<number>();
    c.close();
    expect(() => c.close()).toThrow('close of closed channel');
    const nil: Chan<number> | null = null;
    // @ts-expect-error: a nil channel is null (Go's "close of nil channel")
    expect(() => nil.close()).toThrow(TypeError);
  });
});

describe('A5 chancap.go', () => {
  it('len and cap', async () => {
    const c = new Chan<number>(10);
    expect([c.len, c.cap]).toEqual([0, 10]);
    for (let i = 0; i < 3; i++) await c.send(i);
    expect([c.len, c.cap]).toEqual([3, 10]);
    const u = new Chan<number>();
    expect([u.len, u.cap]).toEqual([0, 0]);
  });

  it('a negative capacity given at run time fails with "makechan: size out of range"', () => {
    const n = -Number(process.env['NEVER_SET'] ?? '1');
    expect(() => new Chan(n)).toThrow(RangeError);
    expect(() => new Chan(n)).toThrow(/makechan: size out of range/);
  });
});

describe('A6 nonblock.go', () => {
  const samples: [string, unknown, unknown][] = [
    ['int32', 123, 234],
    ['int64', 123456n, 234567n],
    ['bool', true, true],
    ['string', 'hello', 'hello again'],
  ];
  const MAX_TRIES = 10_000;

  for (const cap of [0, 1]) {
    for (const [type, first, second] of samples) {
      it(`cap ${cap}, ${type}`, async () => {
        const c = new Chan<unknown>(cap);
        const sync = new Chan<void>();
        expect(c.tryRecv()).toBeUndefined();

        go(async () => {
          expect(await c.recv()).toBe(first);
          await sync.send();
        });
        let tries = 0;
        while (!c.trySend(first)) {
          if (++tries > MAX_TRIES) throw new Error('a non-blocking send never succeeded');
          await drain();
        }
        await sync.recv();

        go(async () => {
          await c.send(second);
          await sync.send();
        });
        if (cap > 0) await sync.recv();
        tries = 0;
        let r = c.tryRecv();
        while (r === undefined) {
          if (++tries > MAX_TRIES) throw new Error('a non-blocking receive never succeeded');
          await drain();
          r = c.tryRecv();
        }
        expect(r).toEqual([second, true]);
        if (cap === 0) await sync.recv();
      });
    }
  }
});

describe('A7 select.go', () => {
  it('every case expression is evaluated on every entry, nil cases included', async () => {
    let counter = 0;
    let shift = 0;
    const v = () => {
      counter++;
      return 1 << shift;
    };
    const send = async (a: Chan<number> | null, b: Chan<number> | null) => {
      let i = 0;
      for (;;) {
        const r = await select([sendCase(a, v()), sendCase(b, v())], { default: true });
        if (r.index === -1) return i;
        if (r.index === 0) a = null;
        else b = null;
        i++;
        shift++;
      }
    };
    const a = new Chan<number>(1);
    const b = new Chan<number>(1);
    expect(await send(a, b)).toBe(2);
    expect((await a.recv())! | (await b.recv())!).toBe(3);
    expect(await send(a, null)).toBe(1);
    expect(counter).toBe(10);
  });
});

describe('A8 select4.go', () => {
  it('the target of the case not chosen is never evaluated', async () => {
    const c = new Chan<number>(1);
    const c1 = new Chan<number>();
    await c.send(42);
    const mustNotRun = (): { v: number } => {
      throw new Error('the target of the case not chosen was evaluated');
    };
    const target = { v: 0 };
    const r = await select([recvCase(c1), recvCase(c)]);
    if (r.index === 0) mustNotRun().v = r.value!;
    else target.v = r.value!;
    expect(target.v).toBe(42);
  });
});

describe('A10 sieve1.go', () => {
  it('a chain of filter tasks yields the first 25 primes', async () => {
    const generate = (ch: Chan<number>) =>
      go(async () => {
        for (let i = 2; ; i++) await ch.send(i);
      });
    const filter = (input: Chan<number>, output: Chan<number>, prime: number) =>
      go(async () => {
        for await (const i of input) if (i % prime !== 0) await output.send(i);
      });
    let ch = new Chan<number>();
    generate(ch);
    const primes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const prime = (await ch.recv())!;
      primes.push(prime);
      const next = new Chan<number>();
      filter(ch, next, prime);
      ch = next;
    }
    expect(primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97]);
  });
});

describe('A18 TestSelectDuplicateChannel', () => {
  it("a woken select's two stale entries on one channel are gone", async () => {
    const c = new Chan<number>();
    const d = new Chan<number>();
    const e = new Chan<number>();
    go(async () => {
      await select([recvCase(c), recvCase(c), recvCase(d)]);
      await e.send(9);
    });
    await new Promise((r) => setTimeout(r, 1));
    let bGot: number | undefined;
    go(async () => {
      bGot = await c.recv();
    });
    await new Promise((r) => setTimeout(r, 1));
    await d.send(9);
    await e.recv();
    await c.send(8);
    await drain();
    expect(bGot).toBe(8);
  });
});

describe('A20 zerosize.go', () => {
  it('channels of zero-size element types can be created and used, buffered and unbuffered', async () => {
    for (const cap of [0, 1, 8]) {
      const v = new Chan<void>(cap);
      const o = new Chan<Record<string, never>>(cap);
      go(async () => {
        await v.send();
        await o.send({});
      });
      expect(await v.recv2()).toEqual([undefined, true]);
      expect(await o.recv()).toEqual({});
    }
  });
});
