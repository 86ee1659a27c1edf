/**
 * Go's channel semantics, rule by rule (the Go channel conformance plan, §1, rules 1-34). Rule 21 is a
 * type-level rule: it lives in types.test.ts. Rules 25-26 also have stress tests in
 * stress.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Chan,
  ChanClosedError,
  go,
  recvCase,
  select,
  sendCase,
  type SelectCase,
} from '@flounder-ts/runtime';
import { blocks, drain, rejection, seededRandom, sleep, watch, withHooks } from './helpers.js';

describe('make, len, cap', () => {
  it('rule 1: capacity 0 or none is unbuffered, n > 0 a FIFO buffer of n, a bad size a RangeError', async () => {
    for (const ch of [new Chan<number>(), new Chan<number>(0)]) {
      expect(ch.cap).toBe(0);
      expect(ch.trySend(1)).toBe(false);
      expect(await blocks(ch.send(1))).toBe(true);
    }
    const ch = new Chan<number>(3);
    for (let i = 0; i < 3; i++) expect(ch.trySend(i)).toBe(true);
    expect(ch.trySend(3)).toBe(false);
    expect([ch.tryRecv(), ch.tryRecv(), ch.tryRecv()]).toEqual([[0, true], [1, true], [2, true]]);
    expect(new Chan(2 ** 26).cap).toBe(2 ** 26); // the buffer grows as it fills
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 26 + 1, 1e300]) {
      expect(() => new Chan(bad)).toThrow(RangeError);
      expect(() => new Chan(bad)).toThrow(/^makechan: size out of range/);
    }
    expect(() => new Chan('3' as unknown as number)).toThrow(/capacity "3" is not an integer/);
  });

  it('rule 2: cap is fixed; len counts buffered values only, never blocked senders', async () => {
    const unbuffered = new Chan<number>();
    void unbuffered.send(1);
    void unbuffered.send(2);
    expect([unbuffered.len, unbuffered.cap]).toEqual([0, 0]);
    const ch = new Chan<number>(2);
    expect([ch.len, ch.cap]).toEqual([0, 2]);
    await ch.send(1);
    expect(ch.len).toBe(1);
    await ch.send(2);
    void ch.send(3); // blocks: the buffer is full
    expect([ch.len, ch.cap]).toEqual([2, 2]);
    await ch.recv();
    expect([ch.len, ch.cap]).toEqual([2, 2]); // the blocked sender moved in
    // A nil channel is `null` here and has no len or cap: see rule 12.
  });

  it('rule 3: receives after close give the zero value (undefined); zero-size element types work', async () => {
    for (const cap of [0, 1, 4]) {
      const ch = new Chan<void>(cap);
      const got = ch.recv2();
      await ch.send();
      expect(await got).toEqual([undefined, true]);
      ch.close();
      expect(await ch.recv2()).toEqual([undefined, false]);
      const empty = new Chan<Record<string, never>>(cap);
      void empty.send({});
      expect(await empty.recv()).toEqual({});
      empty.close();
      expect(await empty.recv()).toBeUndefined();
    }
  });
});

describe('send and receive', () => {
  it('rule 4: an unbuffered send and its receive complete together, neither alone', async () => {
    const ch = new Chan<string>();
    const sent = watch(ch.send('x'));
    await sleep(1);
    expect(sent.settled).toBe(false);
    const received = ch.recv();
    expect(await received).toBe('x');
    await drain();
    expect(sent.settled).toBe(true);

    const r = watch(ch.recv());
    await sleep(1);
    expect(r.settled).toBe(false);
    await ch.send('y');
    await drain();
    expect(r.value).toBe('y');
  });

  it('rule 5: a buffered send completes at once while len < cap, then blocks until a receive or a close', async () => {
    const ch = new Chan<number>(2);
    expect(await blocks(ch.send(1))).toBe(false);
    expect(await blocks(ch.send(2))).toBe(false);
    const third = watch(ch.send(3));
    await drain();
    expect(third.settled).toBe(false);
    expect(await ch.recv()).toBe(1);
    await drain();
    expect(third.settled).toBe(true);
    const fourth = ch.send(4);
    ch.close();
    expect(await rejection(fourth)).toEqual(new ChanClosedError('send on closed channel'));
  });

  it('rule 6: a buffered receive completes at once while len > 0, else blocks until a value or a close', async () => {
    const ch = new Chan<number>(2);
    await ch.send(7);
    expect(await blocks(ch.recv())).toBe(false);
    const waiting = ch.recv2();
    expect(await blocks(waiting)).toBe(true);
    await ch.send(8);
    expect(await waiting).toEqual([8, true]);
    const another = ch.recv2();
    ch.close();
    expect(await another).toEqual([undefined, false]);
  });

  it('rule 7: values come out in FIFO order', async () => {
    for (const cap of [0, 1, 5, 100]) {
      const ch = new Chan<number>(cap);
      go(async () => {
        for (let i = 0; i < 200; i++) await ch.send(i);
        ch.close();
      });
      const got: number[] = [];
      for await (const v of ch) got.push(v);
      expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
    }
  });

  it('rule 7: a large buffer keeps FIFO order while it grows, also when its head has wrapped', () => {
    const ch = new Chan<number>(5000);
    let next = 0;
    let expected = 0;
    for (const [sends, recvs] of [[700, 500], [4700, 3000], [100, 2000]] as const) {
      for (let i = 0; i < sends; i++) expect(ch.trySend(next++)).toBe(true);
      for (let i = 0; i < recvs; i++) expect(ch.tryRecv()).toEqual([expected++, true]);
    }
    expect(ch.len).toBe(0);
    for (let i = 0; i < 5000; i++) ch.trySend(i);
    expect(ch.trySend(5000)).toBe(false);
    expect(ch.len).toBe(5000);
  });

  it('rule 8: blocked receivers and senders are served longest waiter first', async () => {
    const ch = new Chan<number>();
    const receivers = [ch.recv(), ch.recv(), ch.recv()];
    for (let i = 1; i <= 3; i++) await ch.send(i);
    expect(await Promise.all(receivers)).toEqual([1, 2, 3]);

    const order: number[] = [];
    for (let i = 1; i <= 3; i++) void ch.send(i * 10).then(() => order.push(i));
    expect([await ch.recv(), await ch.recv(), await ch.recv()]).toEqual([10, 20, 30]);
    await drain();
    expect(order).toEqual([1, 2, 3]);
  });

  it('rule 9: a send to a waiting receiver hands the value straight over; len stays 0', async () => {
    const ch = new Chan<number>(4);
    const r = ch.recv();
    await drain();
    expect(ch.trySend(42)).toBe(true);
    expect(ch.len).toBe(0);
    expect(await r).toBe(42);
  });

  it('rule 10: a receive from a full buffer with a blocked sender takes the head and moves that value to the tail', async () => {
    const ch = new Chan<number>(3);
    for (const v of [1, 2, 3]) ch.trySend(v);
    const blocked = watch(ch.send(4));
    await drain();
    expect(ch.tryRecv()).toEqual([1, true]);
    expect(ch.len).toBe(3);
    await drain();
    expect(blocked.settled).toBe(true);
    const rest: number[] = [];
    for (let r = ch.tryRecv(); r !== undefined; r = ch.tryRecv()) rest.push(r[0]!);
    expect(rest).toEqual([2, 3, 4]);
  });

  it('rule 11: every value sent is received exactly once, whatever mix of operations and selects', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.constantFrom('send', 'trySend', 'select', 'selectDefault'), { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom('recv', 'recv2', 'tryRecv', 'select', 'range'), { minLength: 1, maxLength: 4 }),
        fc.integer(),
        async (cap, senders, receivers, seed) => {
          // On an unbuffered channel a non-blocking send only meets a receiver that waits: with
          // no receiver that ever blocks it would poll forever (as in Go).
          const polling = (op: string) => op === 'trySend' || op === 'selectDefault' || op === 'tryRecv';
          fc.pre(cap > 0 || !senders.some(polling) || !receivers.every(polling));
          await withHooks({ random: seededRandom(seed) }, async () => {
            const ch = new Chan<number>(cap);
            const other = new Chan<number>(); // a second channel nobody else uses: never ready
            const perSender = 50;
            const received: number[] = [];
            const sending = senders.map(async (how, s) => {
              for (let i = 0; i < perSender; i++) {
                const v = s * perSender + i;
                if (how === 'send') await ch.send(v);
                else if (how === 'trySend') while (!ch.trySend(v)) await drain();
                else if (how === 'select') await select([sendCase(ch, v), recvCase(other)]);
                else while ((await select([sendCase(ch, v)], { default: true })).index === -1) await drain();
              }
            });
            const receiving = receivers.map(async (how) => {
              if (how === 'range') {
                for await (const v of ch) received.push(v);
                return;
              }
              for (;;) {
                let v: number | undefined;
                let ok: boolean;
                if (how === 'recv') {
                  v = await ch.recv();
                  ok = v !== undefined; // no undefined is sent, so undefined means closed
                } else if (how === 'recv2') {
                  [v, ok] = await ch.recv2();
                } else if (how === 'tryRecv') {
                  const r = ch.tryRecv();
                  if (r === undefined) {
                    await drain();
                    continue;
                  }
                  [v, ok] = r;
                } else {
                  const r = await select([recvCase(ch), recvCase(other)]);
                  ({ value: v, ok } = r);
                }
                if (!ok) return;
                received.push(v!);
              }
            });
            await Promise.all(sending);
            ch.close();
            await Promise.all(receiving);
            expect(received.sort((a, b) => a - b)).toEqual(
              Array.from({ length: senders.length * perSender }, (_, i) => i),
            );
          });
        },
      ),
      { numRuns: 40, timeout: 5_000 },
    );
  });

  it('rule 12: a send or receive on a nil channel blocks forever, without error', async () => {
    expect(await blocks(select([sendCase(null, 1)]), 20)).toBe(true);
    expect(await blocks(select([recvCase(null)]), 20)).toBe(true);
  });
});

describe('close', () => {
  it('rule 13: closing a closed channel throws "close of closed channel"; close(nil) cannot be written', () => {
    const ch = new Chan<number>();
    ch.close();
    expect(() => ch.close()).toThrow(new ChanClosedError('close of closed channel'));
    expect(() => ch.close()).toThrow(ChanClosedError);
    const nil = null as Chan<number> | null;
    // @ts-expect-error: a nil channel is null, and null has no close (Go's "close of nil channel")
    expect(() => nil.close()).toThrow(TypeError);
  });

  it('rule 14: a send on a closed channel fails "send on closed channel", including a polled select send case', async () => {
    const ch = new Chan<number>(1);
    ch.close();
    const err = await rejection(ch.send(1));
    expect(err).toBeInstanceOf(ChanClosedError);
    expect((err as Error).message).toBe('send on closed channel');
    expect(() => ch.trySend(1)).toThrow('send on closed channel');
    expect(await rejection(select([sendCase(ch, 1)]))).toEqual(new ChanClosedError('send on closed channel'));
    expect(await rejection(select([sendCase(ch, 1)], { default: true }))).toBeInstanceOf(ChanClosedError);
  });

  it('rule 15: close wakes every blocked receiver with (undefined, false)', async () => {
    const ch = new Chan<number>();
    const a = ch.recv();
    const b = ch.recv2();
    const c = select([recvCase(ch)]);
    const it = ch[Symbol.asyncIterator]().next();
    await drain();
    ch.close();
    expect(await a).toBeUndefined();
    expect(await b).toEqual([undefined, false]);
    expect(await c).toEqual({ index: 0, value: undefined, ok: false });
    expect(await it).toEqual({ value: undefined, done: true });
  });

  it('rule 16: close wakes every blocked sender, plain or select; each fails and its value is never delivered', async () => {
    const ch = new Chan<number>(1);
    ch.trySend(0);
    const plain = ch.send(1);
    const viaSelect = select([sendCase(ch, 2), recvCase(null)]);
    await drain();
    ch.close();
    expect(await rejection(plain)).toBeInstanceOf(ChanClosedError);
    expect(await rejection(viaSelect)).toBeInstanceOf(ChanClosedError);
    expect(await ch.recv2()).toEqual([0, true]);
    expect(await ch.recv2()).toEqual([undefined, false]);
  });

  it('rule 17: after close, buffered values are still delivered in order, then (undefined, false) forever', async () => {
    const ch = new Chan<number>(3);
    for (const v of [1, 2, 3]) await ch.send(v);
    ch.close();
    expect(await ch.recv2()).toEqual([1, true]);
    expect(ch.tryRecv()).toEqual([2, true]);
    expect(await select([recvCase(ch)])).toEqual({ index: 0, value: 3, ok: true });
    for (let i = 0; i < 5; i++) {
      expect(await ch.recv2()).toEqual([undefined, false]);
      expect(ch.tryRecv()).toEqual([undefined, false]);
    }
  });

  it('rule 18: ok is true for every value really sent, including undefined and other zero values', async () => {
    const ch = new Chan<unknown>(4);
    for (const v of [undefined, 0, '', false]) await ch.send(v);
    ch.close();
    for (const v of [undefined, 0, '', false]) expect(await ch.recv2()).toEqual([v, true]);
    expect(await ch.recv2()).toEqual([undefined, false]);
  });

  it('rule 19: closed and empty is a stable state, always ready to receive', async () => {
    const ch = new Chan<number>();
    ch.close();
    for (let i = 0; i < 10; i++) {
      expect(await blocks(ch.recv())).toBe(false);
      expect(await select([recvCase(ch)], { default: true })).toEqual({ index: 0, value: undefined, ok: false });
    }
  });

  it('rule 20: range receives until closed and drained, then ends; a range over nil blocks forever', async () => {
    const ch = new Chan<number>(2);
    go(async () => {
      for (let i = 0; i < 5; i++) await ch.send(i);
      ch.close();
    });
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    expect(got).toEqual([0, 1, 2, 3, 4]);
    // A nil channel is null here: ranging over it is waiting on a nil receive case.
    const nilRange = (async () => {
      for (;;) {
        const r = await select([recvCase<number>(null)]);
        if (!r.ok) return;
      }
    })();
    expect(await blocks(nilRange, 20)).toBe(true);
  });

  it('rule 20: leaving a range early leaves no waiting step behind', async () => {
    const ch = new Chan<number>();
    const it = ch[Symbol.asyncIterator]();
    const step = it.next(); // a step driven by hand, still waiting
    await drain();
    await it.return!();
    expect(await step).toEqual({ value: undefined, done: true });
    expect(ch.trySend(1)).toBe(false); // nobody waits any more
    expect(await it.next()).toEqual({ value: undefined, done: true });
    const b = new Chan<number>(1);
    b.trySend(1);
    for await (const v of b) {
      expect(v).toBe(1);
      break;
    }
    expect(b.trySend(2)).toBe(true);
    expect(b.tryRecv()).toEqual([2, true]);
  });
});

describe('select', () => {
  it('rule 22: every case expression is evaluated once, in source order, chosen or not', async () => {
    const log: string[] = [];
    const ch = (name: string, c: Chan<number> | null) => (log.push(name), c);
    const val = (name: string, v: number) => (log.push(name), v);
    const a = new Chan<number>(1);
    const b = new Chan<number>(1);
    await select(
      [sendCase(ch('a', a), val('va', 1)), recvCase(ch('b', b)), sendCase(ch('nil', null), val('vnil', 3))],
      { default: true },
    );
    expect(log).toEqual(['a', 'va', 'b', 'nil', 'vnil']);
  });

  it('rule 23: a receive target is written only for the chosen case, after the communication', async () => {
    const c = new Chan<number>(1);
    const idle = new Chan<number>();
    await c.send(42);
    const targets: Record<string, number> = {};
    const r = await select([recvCase(idle), recvCase(c)]);
    if (r.index === 0) targets['idle'] = r.value!;
    else targets['c'] = r.value!;
    expect(targets).toEqual({ c: 42 });
  });

  it('rule 24: what makes a case ready', async () => {
    const ready = async (c: SelectCase<number>) => (await select([c], { default: true })).index === 0;
    const fresh = () => new Chan<number>(1);
    // receive: a waiting sender, a buffered value, or a close
    const s = new Chan<number>();
    void s.send(1);
    await drain();
    expect(await ready(recvCase(s))).toBe(true);
    const b = fresh();
    expect(await ready(recvCase(b))).toBe(false);
    b.trySend(1);
    expect(await ready(recvCase(b))).toBe(true);
    const closed = fresh();
    closed.close();
    expect(await ready(recvCase(closed))).toBe(true);
    // send: a waiting receiver, room in the buffer, or a close (then it fails)
    const r = new Chan<number>();
    expect(await ready(sendCase(r, 1))).toBe(false);
    void r.recv();
    await drain();
    expect(await ready(sendCase(r, 1))).toBe(true);
    const room = fresh();
    expect(await ready(sendCase(room, 1))).toBe(true);
    expect(await ready(sendCase(room, 2))).toBe(false);
    expect(await rejection(ready(sendCase(closed, 1)))).toBeInstanceOf(ChanClosedError);
  });

  it('rule 25: among ready cases one is chosen uniformly at random, also on the same channel', async () => {
    const trials = 4000;
    const a = new Chan<number>(trials);
    const b = new Chan<number>(trials);
    const counts = [0, 0, 0];
    for (let i = 0; i < trials; i++) {
      a.trySend(0);
      b.trySend(0);
      const r = await select([recvCase(a), recvCase(b), recvCase(a)]);
      counts[r.index]!++;
    }
    // Each case a third of the time, within 6 standard deviations.
    const sigma = Math.sqrt(trials * (1 / 3) * (2 / 3));
    for (const c of counts) expect(Math.abs(c - trials / 3)).toBeLessThan(6 * sigma);
  });

  it('rule 25: a blocked select enqueues its cases in random order, so which same-channel case completes is random', async () => {
    const trials = 2000;
    let first = 0;
    for (let i = 0; i < trials; i++) {
      const c = new Chan<number>();
      const sel = select([recvCase(c), recvCase(c)]);
      await c.send(i);
      const r = await sel;
      expect(r.value).toBe(i);
      if (r.index === 0) first++;
    }
    expect(Math.abs(first - trials / 2)).toBeLessThan(6 * Math.sqrt(trials / 4));
  });

  it('rule 25: the random source can be replaced, which makes the choice reproducible', async () => {
    const run = () =>
      withHooks({ random: seededRandom(7) }, async () => {
        const chans = [new Chan<number>(100), new Chan<number>(100), new Chan<number>(100)];
        const picks: number[] = [];
        for (let i = 0; i < 50; i++) {
          for (const c of chans) c.trySend(i);
          picks.push((await select(chans.map((c) => recvCase(c)))).index);
        }
        return picks;
      });
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBe(3);
  });

  it('rule 26: default runs only when no case is ready, on one snapshot', async () => {
    const a = new Chan<number>(1);
    const b = new Chan<number>(1);
    expect((await select([recvCase(a), recvCase(b)], { default: true })).index).toBe(-1);
    b.trySend(1);
    expect((await select([recvCase(a), recvCase(b)], { default: true })).index).toBe(1);
    // The stress form (TestNonblockSelectRace) is in stress.test.ts.
  });

  it('rule 27: the first counterpart completes exactly one case, and the select leaves every other queue', async () => {
    const a = new Chan<number>();
    const b = new Chan<number>();
    const c = new Chan<number>();
    const sel = select([recvCase(a), recvCase(b), sendCase(c, 9)]);
    await drain();
    expect(b.trySend(2)).toBe(true);
    expect(await sel).toEqual({ index: 1, value: 2, ok: true });
    expect(a.trySend(1)).toBe(false); // no stale receiver left on a
    expect(c.tryRecv()).toBeUndefined(); // no stale sender left on c
  });

  it('rule 28: nil cases are never ready; an empty or all-nil select blocks forever, unless it has a default', async () => {
    expect(await blocks(select([]), 20)).toBe(true);
    expect(await blocks(select([recvCase(null), sendCase(null, 1)]), 20)).toBe(true);
    expect(await select([], { default: true })).toEqual({ index: -1, value: undefined, ok: false });
    expect((await select([recvCase(null), sendCase(null, 1)], { default: true })).index).toBe(-1);
  });

  it('rule 29: the same channel may appear in several cases; a blocked select never meets itself', async () => {
    const c = new Chan<number>();
    const sel = select([sendCase(c, 1), recvCase(c), recvCase(c)]);
    expect(await blocks(sel, 10)).toBe(true);
    expect(await c.recv()).toBe(1);
    expect(await sel).toEqual({ index: 0, value: undefined, ok: true });
    expect(c.trySend(5)).toBe(false); // its receive cases left with it

    const d = new Chan<number>();
    const sel2 = select([sendCase(d, 1), recvCase(d)]);
    await drain();
    await d.send(3);
    expect(await sel2).toEqual({ index: 1, value: 3, ok: true });
    expect(d.tryRecv()).toBeUndefined(); // its send case left with it
  });

  it('rule 30: closing a channel wakes a blocked select: a receive case gets ok false, a send case fails', async () => {
    const a = new Chan<number>();
    const idle = new Chan<number>();
    const r = select([recvCase(idle), recvCase(a)]);
    await drain();
    a.close();
    expect(await r).toEqual({ index: 1, value: undefined, ok: false });

    const b = new Chan<number>();
    const s = select([recvCase(idle), sendCase(b, 1)]);
    await drain();
    b.close();
    expect(await rejection(s)).toEqual(new ChanClosedError('send on closed channel'));
    expect(idle.trySend(1)).toBe(false); // and both selects left idle's queue
  });

  it('rule 31: exactly one case runs', async () => {
    for (let i = 0; i < 100; i++) {
      const a = new Chan<number>(1);
      const b = new Chan<number>(1);
      const out = new Chan<number>(1);
      a.trySend(1);
      b.trySend(2);
      const r = await select([recvCase(a), recvCase(b), sendCase(out, 3)]);
      const changed = [a.len === 0, b.len === 0, out.len === 1];
      expect(changed.filter(Boolean)).toHaveLength(1);
      expect(changed[r.index]).toBe(true);
    }
  });
});

describe('tasks and ordering', () => {
  it('rule 32: go returns at once, before its function runs; leaked blocked tasks do not stop a test', async () => {
    let ran = false;
    go(() => {
      ran = true;
    });
    expect(ran).toBe(false);
    await drain();
    expect(ran).toBe(true);
    go(async () => {
      await new Chan<number>().recv(); // blocked forever: a leaked task
    });
  });

  it('rule 33: a send happens before the matching receive completes', async () => {
    const ch = new Chan<number>(1);
    let data = '';
    go(async () => {
      data = 'hello';
      await ch.send(0);
    });
    await ch.recv();
    expect(data).toBe('hello');
  });

  it('rule 33: an unbuffered receive happens before its send completes', async () => {
    const ch = new Chan<number>();
    let data = '';
    go(async () => {
      data = 'world';
      await ch.recv();
    });
    await ch.send(0);
    expect(data).toBe('world');
  });

  it('rule 33: the k-th receive on a cap-C channel happens before the (k+C)-th send completes', async () => {
    const C = 3;
    const ch = new Chan<number>(C);
    const log: string[] = [];
    go(async () => {
      for (let k = 1; k <= 6; k++) {
        await ch.send(k);
        log.push(`sent ${k}`);
      }
    });
    await sleep(1);
    for (let k = 1; k <= 3; k++) {
      log.push(`recv ${k}`);
      await ch.recv();
      await sleep(1);
    }
    for (let k = 1; k <= 3; k++) {
      expect(log.indexOf(`recv ${k}`)).toBeLessThan(log.indexOf(`sent ${k + C}`));
    }
    expect(log.slice(0, 3)).toEqual(['sent 1', 'sent 2', 'sent 3']);
  });

  it('rule 34: when every task is blocked, the promises stay pending (no crash, no hang of the test)', async () => {
    const a = new Chan<number>();
    const b = new Chan<number>();
    const t1 = (async () => {
      await a.recv();
      await b.send(1);
    })();
    const t2 = (async () => {
      await b.recv();
      await a.send(1);
    })();
    expect(await blocks(Promise.race([t1, t2]), 20)).toBe(true);
  });
});
