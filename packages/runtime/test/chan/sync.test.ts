/** Go's sync package: WaitGroup, Mutex and RWMutex, with Go's misuse panics. */
import { describe, expect, it } from 'vitest';
import { go, Mutex, RWMutex, WaitGroup } from '@flounder-ts/runtime';
import { blocks, drain } from './helpers.js';

describe('WaitGroup', () => {
  it('wait resolves when every task is done', async () => {
    const wg = new WaitGroup();
    const finished: number[] = [];
    for (let i = 0; i < 5; i++) {
      wg.add(1);
      go(async () => {
        for (let k = 0; k < i; k++) await null;
        finished.push(i);
        wg.done();
      });
    }
    await wg.wait();
    expect(finished.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('waits at once on a zero counter, and releases every waiter together', async () => {
    const wg = new WaitGroup();
    expect(await blocks(wg.wait())).toBe(false);
    wg.add(2);
    const waits = [wg.wait(), wg.wait(), wg.wait()];
    wg.done();
    expect(await blocks(Promise.race(waits))).toBe(true);
    wg.done();
    await Promise.all(waits);
  });

  it('rejects a negative counter and a non-integer delta', () => {
    const wg = new WaitGroup();
    expect(() => wg.done()).toThrow('sync: negative WaitGroup counter');
    expect(() => wg.add(0.5)).toThrow(RangeError);
    expect(() => wg.add(Number.NaN)).toThrow(/delta NaN is not an integer/);
  });
});

describe('Mutex', () => {
  it('excludes: increments across awaits never interleave', async () => {
    const mu = new Mutex();
    let inside = 0;
    let max = 0;
    let total = 0;
    const wg = new WaitGroup();
    for (let t = 0; t < 10; t++) {
      wg.add(1);
      go(async () => {
        for (let i = 0; i < 50; i++) {
          await mu.lock();
          inside++;
          max = Math.max(max, inside);
          const v = total;
          await null;
          total = v + 1;
          inside--;
          mu.unlock();
        }
        wg.done();
      });
    }
    await wg.wait();
    expect(max).toBe(1);
    expect(total).toBe(500);
  });

  it('hands the lock to waiters in FIFO order', async () => {
    const mu = new Mutex();
    await mu.lock();
    const order: number[] = [];
    const waits = [1, 2, 3].map((i) => mu.lock().then(() => order.push(i)));
    await drain();
    for (let i = 0; i < 3; i++) {
      mu.unlock();
      await drain();
    }
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('tryLock, and unlock of an unlocked mutex', async () => {
    const mu = new Mutex();
    expect(mu.tryLock()).toBe(true);
    expect(mu.tryLock()).toBe(false);
    expect(await blocks(mu.lock())).toBe(true);
    mu.unlock(); // to the waiter
    expect(mu.tryLock()).toBe(false);
    mu.unlock();
    expect(() => mu.unlock()).toThrow('sync: unlock of unlocked mutex');
  });
});

describe('RWMutex', () => {
  it('admits many readers or one writer', async () => {
    const rw = new RWMutex();
    await rw.rLock();
    await rw.rLock();
    const w = rw.lock();
    expect(await blocks(w)).toBe(true);
    rw.rUnlock();
    expect(await blocks(w)).toBe(true);
    rw.rUnlock();
    await w;
    const r = rw.rLock();
    expect(await blocks(r)).toBe(true);
    rw.unlock();
    await r;
    rw.rUnlock();
  });

  it('a waiting writer keeps new readers out; its unlock lets the waiting readers in before the next writer', async () => {
    const rw = new RWMutex();
    const log: string[] = [];
    await rw.rLock();
    const w1 = rw.lock().then(() => log.push('w1'));
    const r2 = rw.rLock().then(() => log.push('r2'));
    const w2 = rw.lock().then(() => log.push('w2'));
    await drain();
    expect(log).toEqual([]); // r2 waits behind w1 although only a reader holds the lock
    rw.rUnlock();
    await w1;
    rw.unlock();
    await r2;
    expect(await blocks(w2)).toBe(true);
    rw.rUnlock();
    await w2;
    rw.unlock();
    expect(log).toEqual(['w1', 'r2', 'w2']);
  });

  it('unlock and rUnlock of an unlocked RWMutex fail as in Go', async () => {
    const rw = new RWMutex();
    expect(() => rw.unlock()).toThrow('sync: Unlock of unlocked RWMutex');
    expect(() => rw.rUnlock()).toThrow('sync: RUnlock of unlocked RWMutex');
    await rw.lock();
    expect(() => rw.rUnlock()).toThrow('sync: RUnlock of unlocked RWMutex');
  });
});
