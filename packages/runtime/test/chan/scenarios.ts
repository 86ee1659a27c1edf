/**
 * The stress and fairness scenarios of the conformance plan (§2-3: A1, A12-A17), written once
 * with their counts as parameters: stress.test.ts runs them with CI counts, and
 * `packages/runtime/scripts/stress.ts` with the full counts. Each throws on a violation.
 */
import { Chan, go, recvCase, select, sendCase, WaitGroup, type SelectCase } from '@flounder-ts/runtime';

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `p` settles within `ms` milliseconds. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(ms);
  return settled;
}

/** A1, Go's TestChan: blocking, closing, order and counts for every capacity below `caps`. */
export async function testChan(caps: number): Promise<void> {
  for (let cap = 0; cap < caps; cap++) {
    // (a) receivers block on an empty channel, non-blocking receives take default, sends release them.
    {
      const c = new Chan<number>(cap);
      const r1 = c.recv();
      const r2 = c.recv2();
      check(!(await settlesWithin(Promise.race([r1, r2]), 1)), `cap ${cap}: a receive on an empty channel finished`);
      check(c.tryRecv() === undefined, `cap ${cap}: a non-blocking receive did not take default`);
      check((await select([recvCase(c)], { default: true })).index === -1, `cap ${cap}: select did not take default`);
      await c.send(0);
      await c.send(0);
      check((await r1) === 0, `cap ${cap}: the plain receive got the wrong value`);
      const [v, ok] = await r2;
      check(v === 0 && ok, `cap ${cap}: the comma-ok receive got the wrong value`);
    }
    // (b) a sender blocks on a full channel, a non-blocking send takes default, a receive frees it.
    {
      const c = new Chan<number>(cap);
      for (let i = 0; i < cap; i++) await c.send(i);
      const s = c.send(0);
      check(!(await settlesWithin(s, 1)), `cap ${cap}: a send on a full channel finished`);
      check(!c.trySend(0), `cap ${cap}: a non-blocking send did not take default`);
      check((await select([sendCase(c, 0)], { default: true })).index === -1, `cap ${cap}: select send did not take default`);
      await c.recv();
      await s;
    }
    // (c) buffered values come back in order after close, then the zero value and ok false.
    {
      const c = new Chan<number>(cap);
      for (let i = 0; i < cap; i++) await c.send(i);
      c.close();
      for (let i = 0; i < cap; i++) check((await c.recv()) === i, `cap ${cap}: value ${i} lost after close`);
      check((await c.recv()) === undefined, `cap ${cap}: a receive after close gave a value`);
      const [v, ok] = await c.recv2();
      check(v === undefined && !ok, `cap ${cap}: a comma-ok receive after close gave ok`);
    }
    // (d) a blocked comma-ok receive gets (undefined, false) when the channel closes.
    {
      const c = new Chan<number>(cap);
      const r = c.recv2();
      await sleep(1);
      c.close();
      const [v, ok] = await r;
      check(v === undefined && !ok, `cap ${cap}: close did not wake the receiver with ok false`);
    }
    // (e) one producer in order, twice; then 4 producers and 4 consumers.
    {
      const c = new Chan<number>(cap);
      for (const commaOk of [false, true]) {
        go(async () => {
          for (let i = 0; i < 100; i++) await c.send(i);
        });
        for (let i = 0; i < 100; i++) {
          if (commaOk) {
            const [v, ok] = await c.recv2();
            check(v === i && ok, `cap ${cap}: got ${v}/${ok}, want ${i}/true`);
          } else {
            const v = await c.recv();
            check(v === i, `cap ${cap}: got ${v}, want ${i}`);
          }
        }
      }
      const counts = new Map<number, number>();
      const consumers: Promise<void>[] = [];
      for (let p = 0; p < 4; p++) {
        go(async () => {
          for (let i = 0; i < 1000; i++) await c.send(i);
        });
        consumers.push(
          (async () => {
            for (let i = 0; i < 1000; i++) {
              const v = (await c.recv())!;
              counts.set(v, (counts.get(v) ?? 0) + 1);
            }
          })(),
        );
      }
      await Promise.all(consumers);
      check(counts.size === 1000, `cap ${cap}: ${counts.size} distinct values, want 1000`);
      for (const [v, n] of counts) check(n === 4, `cap ${cap}: value ${v} seen ${n} times, want 4`);
    }
    // (f) len and cap.
    {
      const c = new Chan<number>(cap);
      check(c.len === 0 && c.cap === cap, `cap ${cap}: a new channel has len ${c.len} cap ${c.cap}`);
      for (let i = 0; i < cap; i++) await c.send(i);
      check(c.len === cap && c.cap === cap, `cap ${cap}: a full channel has len ${c.len} cap ${c.cap}`);
    }
  }
}

/** A12, doubleselect.go: a sender selecting over 4 channels, 4 muxes, no duplicate, none lost. */
export async function doubleSelect(n: number): Promise<void> {
  const cs = [new Chan<number>(), new Chan<number>(), new Chan<number>(), new Chan<number>()] as const;
  const out = new Chan<number>();
  go(async () => {
    for (let i = 0; i < n; i++) {
      await select([sendCase(cs[0], i), sendCase(cs[1], i), sendCase(cs[2], i), sendCase(cs[3], i)]);
    }
    for (const c of cs) c.close();
  });
  const done = new WaitGroup();
  done.add(cs.length);
  for (const c of cs) {
    go(async () => {
      for await (const v of c) await out.send(v);
      done.done();
    });
  }
  go(async () => {
    await done.wait();
    out.close();
  });
  const seen = new Uint8Array(n);
  let count = 0;
  for await (const v of out) {
    check(seen[v] === 0, `doubleselect: ${v} received twice`);
    seen[v] = 1;
    count++;
  }
  check(count === n, `doubleselect: ${count} values arrived, want ${n}`);
}

/** A13, goroutines.go: a chain of `n` tasks joined by unbuffered channels passes one value. */
export async function taskChain(n: number): Promise<void> {
  const leftmost = new Chan<number>();
  let left = leftmost;
  for (let i = 0; i < n; i++) {
    const right = new Chan<number>();
    const l = left;
    go(async () => {
      await l.send((await right.recv())!);
    });
    left = right;
  }
  const rightmost = left;
  go(() => rightmost.send(1));
  const v = await leftmost.recv();
  check(v === 1, `chain of ${n}: got ${v}, want 1`);
}

/**
 * A14, TestSelectFairness: a select over two full buffered channels picks each about half the
 * time (within 10 sigma), with idle channels among its cases.
 */
export async function selectFairness(trials: number): Promise<{ ones: number }> {
  const c1 = new Chan<number>(trials + 1);
  const c2 = new Chan<number>(trials + 1);
  for (let i = 0; i < trials + 1; i++) {
    c1.trySend(1);
    c2.trySend(2);
  }
  const c3 = new Chan<number>();
  const c4 = new Chan<number>();
  const out = new Chan<number>();
  const done = new Chan<void>();
  go(async () => {
    for (;;) {
      const r = await select([recvCase(c3), recvCase(c4), recvCase(c1), recvCase(c2)]);
      const s = await select([sendCase(out, r.value!), recvCase(done)]);
      if (s.index === 1) return;
    }
  });
  let ones = 0;
  for (let i = 0; i < trials; i++) if ((await out.recv()) === 1) ones++;
  done.close();
  const sigma = Math.sqrt(trials) / 2;
  check(Math.abs(ones - trials / 2) <= 10 * sigma, `fairness: ${ones} of ${trials} from c1, want about ${trials / 2}`);
  return { ones };
}

/**
 * A15, TestSelectStress: plain senders and receivers on four channels (two unbuffered, caps 2
 * and 3) race a select-sender and a select-receiver over all four; everything must finish.
 */
export async function selectStress(n: number): Promise<void> {
  const cs = [new Chan<number>(), new Chan<number>(), new Chan<number>(2), new Chan<number>(3)];
  const tasks: Promise<void>[] = [];
  for (const c of cs) {
    tasks.push(
      (async () => {
        for (let i = 0; i < n; i++) await c.send(i);
      })(),
    );
    tasks.push(
      (async () => {
        for (let i = 0; i < n; i++) await c.recv();
      })(),
    );
  }
  tasks.push(
    (async () => {
      const left = cs.map(() => n);
      for (let i = 0; i < 4 * n; i++) {
        const cases: SelectCase<number>[] = cs.map((c, j) => sendCase(left[j]! > 0 ? c : null, i));
        const r = await select(cases);
        left[r.index]!--;
      }
    })(),
  );
  tasks.push(
    (async () => {
      const left = cs.map(() => n);
      for (let i = 0; i < 4 * n; i++) {
        const r = await select(cs.map((c, j) => recvCase(left[j]! > 0 ? c : null)));
        left[r.index]!--;
      }
    })(),
  );
  await Promise.all(tasks);
}

/** How many microtask turns to let pass before a racing operation: 0 to 3, varied by `i`. */
async function yields(i: number): Promise<void> {
  for (let k = (i * 7) % 4; k > 0; k--) await null;
}

/**
 * A16, TestNonblockSelectRace: a select over two cap-1 channels, one of which is always ready
 * while the other is being filled and the first drained, never takes default.
 */
export async function nonblockSelectRace(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const c1 = new Chan<number>(1);
    const c2 = new Chan<number>(1);
    c1.trySend(1);
    const done = new Chan<boolean>(1);
    go(async () => {
      await yields(i);
      const r = await select([recvCase(c1), recvCase(c2)], { default: true });
      await done.send(r.index === -1);
    });
    await yields(i >> 2);
    await c2.send(1);
    await yields(i >> 4);
    c1.tryRecv();
    check(!(await done.recv()), `nonblock select race ${i}: default ran while a case was ready`);
  }
}

/**
 * A17, TestNonblockRecvRace: a non-blocking receive on a cap-1 channel that holds a value, or
 * has been closed after it was drained, always finds it ready.
 */
export async function nonblockRecvRace(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const c = new Chan<number>(1);
    c.trySend(1);
    const done = new Chan<boolean>(1);
    go(async () => {
      await yields(i);
      const r = await select([recvCase(c)], { default: true });
      await done.send(r.index === -1);
    });
    await yields(i >> 2);
    c.close();
    await c.recv();
    check(!(await done.recv()), `nonblock recv race ${i}: default ran on a ready channel`);
  }
}

/** A stress scenario with Go's full count and the smaller count CI runs. */
export interface StressScenario {
  /** Names the scenario for a count, e.g. "A13 goroutines: a chain of 10000 tasks". */
  title(n: number): string;
  readonly full: number;
  readonly ci: number;
  run(n: number): Promise<unknown>;
}

export const STRESS_SCENARIOS: readonly StressScenario[] = [
  { title: (n) => `A1 TestChan: every capacity below ${n}`, full: 200, ci: 20, run: testChan },
  { title: (n) => `A12 doubleselect: ${n} values through a 4-way select send`, full: 100_000, ci: 10_000, run: doubleSelect },
  { title: (n) => `A13 goroutines: a chain of ${n} tasks`, full: 10_000, ci: 10_000, run: taskChain },
  { title: (n) => `A14 TestSelectFairness: ${n} selects over two full channels`, full: 10_000, ci: 10_000, run: selectFairness },
  { title: (n) => `A15 TestSelectStress: N = ${n}`, full: 100_000, ci: 2_000, run: selectStress },
  { title: (n) => `A16 TestNonblockSelectRace: ${n} rounds`, full: 100_000, ci: 1_000, run: nonblockSelectRace },
  { title: (n) => `A17 TestNonblockRecvRace: ${n} rounds`, full: 10_000, ci: 1_000, run: nonblockRecvRace },
];
