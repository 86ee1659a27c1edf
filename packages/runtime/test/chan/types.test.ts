/**
 * Rule 21 and A19 (perm.go): channel direction in the type system, and the static types of
 * select's result. These are compile-time tests: `npx tsc -p tsconfig.check.json` (part of
 * `npm test`) fails if any `@ts-expect-error` line below stops being an error. The misuses sit
 * in functions that never run; the test bodies check at run time what can be checked there.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Chan,
  recvCase,
  select,
  sendCase,
  type RecvChan,
  type SelectCase,
  type SelectResult,
  type SendChan,
} from '@flounder-ts/runtime';

/** perm.go, line by line: conversions and operations a direction forbids. */
export function permMisuses(c: Chan<number>, cr: RecvChan<number>, cs: SendChan<number>): void {
  // Bidirectional converts to either direction.
  const toSend: SendChan<number> = c;
  const toRecv: RecvChan<number> = c;
  void toSend;
  void toRecv;

  // @ts-expect-error: a receive-only channel is not bidirectional
  const back1: Chan<number> = cr;
  // @ts-expect-error: a send-only channel is not bidirectional
  const back2: Chan<number> = cs;
  // @ts-expect-error: receive-only does not convert to send-only
  const across1: SendChan<number> = cr;
  // @ts-expect-error: send-only does not convert to receive-only
  const across2: RecvChan<number> = cs;
  void [back1, back2, across1, across2];

  // @ts-expect-error: send on a receive-only channel
  void cr.send(0);
  // @ts-expect-error: non-blocking send on a receive-only channel
  cr.trySend(0);
  // @ts-expect-error: close of a receive-only channel
  cr.close();
  // @ts-expect-error: receive from a send-only channel
  void cs.recv();
  // @ts-expect-error: comma-ok receive from a send-only channel
  void cs.recv2();
  // @ts-expect-error: non-blocking receive from a send-only channel
  cs.tryRecv();
  void (async () => {
    // @ts-expect-error: range over a send-only channel
    for await (const v of cs) void v;
  })();

  // The same restrictions inside select cases.
  // @ts-expect-error: a send case on a receive-only channel
  sendCase(cr, 0);
  // @ts-expect-error: a receive case on a send-only channel
  recvCase(cs);
  recvCase(cr);
  sendCase(cs, 0);

  // Element types are checked too.
  // @ts-expect-error: a string into a channel of numbers
  void c.send('x');
  // @ts-expect-error: a send case with a value of the wrong type
  sendCase(c, 'x');
  const strings = new Chan<string>();
  // @ts-expect-error: a channel of strings is not a receive-only channel of numbers
  const wrong: RecvChan<number> = strings;
  void wrong;
}

/** Variance: a send end accepts narrower values, a receive end gives wider ones. */
export function variance(c: Chan<number>, wide: Chan<number | string>): void {
  const narrowSend: SendChan<number> = wide; // sending numbers into a number|string channel is fine
  const wideRecv: RecvChan<number | string> = c; // receiving number|string from a number channel is fine
  void [narrowSend, wideRecv];
  // @ts-expect-error: a bidirectional channel is invariant: strings could be sent into numbers
  const unsound: Chan<number | string> = c;
  // @ts-expect-error: a number channel cannot send strings
  const unsoundSend: SendChan<number | string> = c;
  void [unsound, unsoundSend];
}

describe('rule 21 / A19 perm.go: direction typing', () => {
  it('is enforced by the type checker (see the @ts-expect-error lines above)', () => {
    expect(typeof permMisuses).toBe('function');
    expect(typeof variance).toBe('function');
  });

  it('a direction is a view: the same channel works through both ends', async () => {
    const c = new Chan<number>(1);
    const s: SendChan<number> = c;
    const r: RecvChan<number> = c;
    await s.send(5);
    expect(await r.recv()).toBe(5);
    s.close();
    expect(await r.recv2()).toEqual([undefined, false]);
  });
});

describe("select's static types", () => {
  it('a tuple of cases gives a result discriminated by index and ok', async () => {
    const nums = new Chan<number>(1);
    const strs = new Chan<string>(1);
    nums.trySend(1);
    const r = await select([recvCase(nums), recvCase(strs), sendCase(strs, 'out')]);
    expectTypeOf(r.index).toEqualTypeOf<0 | 1 | 2>();
    if (r.index === 0) {
      expectTypeOf(r.value).toEqualTypeOf<number | undefined>();
      if (r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
      else expectTypeOf(r.value).toEqualTypeOf<undefined>();
    } else if (r.index === 1) {
      expectTypeOf(r.value).toEqualTypeOf<string | undefined>();
    } else {
      expectTypeOf(r.value).toEqualTypeOf<undefined>();
      expectTypeOf(r.ok).toEqualTypeOf<true>();
    }
    expect([0, 2]).toContain(r.index);
  });

  it('the default case adds index -1 only when it is asked for', async () => {
    const c = new Chan<number>();
    const withDefault = await select([recvCase(c)], { default: true });
    expectTypeOf(withDefault.index).toEqualTypeOf<0 | -1>();
    expect(withDefault.index).toBe(-1);
    const without = select([recvCase(c)]);
    expectTypeOf(without).resolves.toHaveProperty('index').toEqualTypeOf<0>();
    const maybe = { default: Math.random() > 2 };
    const ready = new Chan<number>(1);
    ready.trySend(1);
    const either = await select([recvCase(ready)], maybe);
    expectTypeOf(either.index).toEqualTypeOf<0 | -1>();
    expect(either.index).toBe(0);
  });

  it('an array of cases, and the published loose signature, still type', async () => {
    const chans = [new Chan<number>(1), new Chan<number>(1)];
    chans[1]!.trySend(3);
    const cases: SelectCase<number>[] = chans.map((c) => recvCase(c));
    const r = await select(cases);
    expectTypeOf(r.index).toEqualTypeOf<number>();
    expectTypeOf(r.value).toEqualTypeOf<number | undefined>();
    expect(r).toEqual({ index: 1, value: 3, ok: true });

    const loose: readonly SelectCase<unknown>[] = [recvCase(chans[0]!), sendCase(chans[0]!, 1)];
    const any: SelectResult = await select(loose, { default: true });
    expectTypeOf(any.index).toEqualTypeOf<number>();
    expect(any.index).toBe(1);
  });
});
