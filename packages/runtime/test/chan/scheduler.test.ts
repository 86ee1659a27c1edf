/**
 * The scheduler hooks, the contract with hosts such as the kernel simulator: a replaceable
 * random source, and a wakeup counter that lets a host run continuations to quiescence with
 * microtask turns only.
 */
import { describe, expect, it } from 'vitest';
import {
  Chan,
  go,
  Mutex,
  recvCase,
  schedulerHooks,
  select,
  setSchedulerHooks,
  wakeups,
  WaitGroup,
} from '@flounder-ts/runtime';
import { seededRandom, withHooks } from './helpers.js';

/** What a host does after each event: yield turns until the count stays still for `turns`. */
async function quiesce(turns = 3): Promise<void> {
  let last = wakeups();
  for (let still = 0; still < turns; ) {
    await null;
    const now = wakeups();
    if (now === last) still++;
    else [last, still] = [now, 0];
  }
}

describe('scheduler hooks', () => {
  it('setSchedulerHooks returns the previous hooks, and undefined restores a default', () => {
    const mine = () => 0.5;
    const saved = setSchedulerHooks({ random: mine });
    expect(schedulerHooks().random).toBe(mine);
    expect(setSchedulerHooks({ random: undefined }).random).toBe(mine);
    expect(schedulerHooks().random).toBe(saved.random);
    setSchedulerHooks(saved);
  });

  it('a seeded random source makes a run of selects reproducible, blocked ones included', async () => {
    const run = (seed: number) =>
      withHooks({ random: seededRandom(seed) }, async () => {
        const picks: number[] = [];
        for (let i = 0; i < 40; i++) {
          const c = new Chan<number>();
          const ready = new Chan<number>(2);
          ready.trySend(1);
          ready.trySend(2);
          picks.push((await select([recvCase(ready), recvCase(ready)])).index);
          const blocked = select([recvCase(c), recvCase(c), recvCase(c)]);
          await c.send(i);
          picks.push((await blocked).index);
        }
        return picks;
      });
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(await run(43)).not.toEqual(a);
  });

  it('a random source that returns 1 cannot pick past the last case', async () => {
    await withHooks({ random: () => 1 }, async () => {
      const c = new Chan<number>(1);
      c.trySend(5);
      expect(await select([recvCase(c), recvCase(c)])).toMatchObject({ value: 5, ok: true });
      const d = new Chan<number>();
      const blocked = select([recvCase(d), recvCase(d)]);
      await d.send(6);
      expect((await blocked).value).toBe(6);
    });
  });

  it('the wakeup counter moves for every hand-off, release, immediate completion and task start', async () => {
    const c = new Chan<number>(1);
    let before = wakeups();
    const r = new Chan<number>().recv(); // parks: no wakeup yet
    void r;
    expect(wakeups()).toBe(before);
    await c.send(1); // completes at once
    expect(wakeups()).toBe(before + 1);
    before = wakeups();
    const waiting = new Chan<number>();
    const got = waiting.recv();
    waiting.trySend(2); // wakes the receiver
    expect(wakeups()).toBe(before + 1);
    await got;
    before = wakeups();
    go(() => {});
    expect(wakeups()).toBe(before + 1);
    const mu = new Mutex();
    await mu.lock();
    const second = mu.lock();
    before = wakeups();
    mu.unlock();
    expect(wakeups()).toBe(before + 1);
    await second;
    const wg = new WaitGroup();
    wg.add(1);
    const w = wg.wait();
    before = wakeups();
    wg.done();
    expect(wakeups()).toBe(before + 1);
    await w;
  });

  it('lets a host run a pipeline of tasks to quiescence with microtask turns only', async () => {
    const n = 200;
    const first = new Chan<number>();
    let left = first;
    for (let i = 0; i < n; i++) {
      const right = new Chan<number>();
      const from = left;
      go(async () => {
        for (;;) {
          const v = await from.recv();
          await Promise.resolve(); // a step that does not call the runtime
          await right.send(v! + 1);
        }
      });
      left = right;
    }
    const last = left;
    let arrived: number | undefined;
    go(async () => {
      arrived = await last.recv();
    });
    await quiesce();
    // The event: one value enters the pipeline. One turn is far from enough...
    first.trySend(0);
    await null;
    expect(arrived).toBeUndefined();
    // ...but yielding until the counter stops moving runs it all, without a macrotask.
    await quiesce();
    expect(arrived).toBe(n);
  });
});
