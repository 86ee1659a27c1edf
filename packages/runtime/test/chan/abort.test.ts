/**
 * Aborting blocked operations with an AbortSignal: the operation rejects with the signal's
 * reason and leaves every wait queue; an operation that completes removes its listener.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Chan, recvCase, select, sendCase } from '@flounder-ts/runtime';
import { drain, rejection } from './helpers.js';

const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

describe('abort', () => {
  it('a blocked receive rejects with the reason and leaves the queue', async () => {
    const c = new Chan<number>();
    const ac = new AbortController();
    const r = c.recv(ac.signal);
    const r2 = c.recv2(ac.signal);
    await drain();
    expect(listeners(ac.signal)).toBe(2);
    ac.abort(new Error('stop'));
    expect(await rejection(r)).toEqual(new Error('stop'));
    expect(await rejection(r2)).toEqual(new Error('stop'));
    expect(c.trySend(1)).toBe(false); // no receiver is left waiting
    expect(listeners(ac.signal)).toBe(0);
  });

  it('a blocked send rejects, and its value is never delivered', async () => {
    const c = new Chan<string>();
    const ac = new AbortController();
    const s = c.send('lost', ac.signal);
    const later = c.send('kept');
    await drain();
    ac.abort();
    expect(await rejection(s)).toBeInstanceOf(DOMException);
    expect((await rejection(c.send('x', ac.signal)) as DOMException).name).toBe('AbortError');
    expect(await c.recv()).toBe('kept');
    await later;
    expect(c.tryRecv()).toBeUndefined();
  });

  it('an already aborted signal rejects at once, even when the operation could complete', async () => {
    const c = new Chan<number>(1);
    const signal = AbortSignal.abort('already');
    expect(await rejection(c.send(1, signal))).toBe('already');
    expect(c.len).toBe(0);
    c.trySend(2);
    expect(await rejection(c.recv(signal))).toBe('already');
    expect(await rejection(select([recvCase(c)], { signal }))).toBe('already');
    expect(c.len).toBe(1);
  });

  it('a blocked select rejects and leaves every queue it waited on', async () => {
    const a = new Chan<number>();
    const b = new Chan<number>();
    const ac = new AbortController();
    const s = select([recvCase(a), sendCase(b, 1), recvCase(a)], { signal: ac.signal });
    await drain();
    ac.abort('enough');
    expect(await rejection(s)).toBe('enough');
    expect(a.trySend(1)).toBe(false);
    expect(b.tryRecv()).toBeUndefined();
    expect(listeners(ac.signal)).toBe(0);
  });

  it('a select of only nil cases can still be aborted', async () => {
    const ac = new AbortController();
    const s = select([recvCase(null)], { signal: ac.signal });
    await drain();
    ac.abort('out');
    expect(await rejection(s)).toBe('out');
  });

  it('an operation that completes removes its abort listener', async () => {
    const c = new Chan<number>();
    const ac = new AbortController();
    for (let i = 0; i < 100; i++) {
      const r = c.recv(ac.signal);
      const s = select([recvCase(c), recvCase(new Chan<number>())], { signal: ac.signal });
      await drain();
      await c.send(i);
      await c.send(i);
      expect(await r).toBe(i);
      expect((await s).value).toBe(i);
      const closing = new Chan<number>();
      const blocked = closing.send(1, ac.signal);
      closing.close();
      await rejection(blocked);
    }
    expect(listeners(ac.signal)).toBe(0);
  });

  it('a signal that is not an AbortSignal is a TypeError naming the operation', () => {
    const c = new Chan<number>();
    const fake = { aborted: false } as AbortSignal;
    expect(() => c.recv(fake)).toThrow(new TypeError('Chan.recv: the signal must be an AbortSignal, got an object'));
    expect(() => c.send(1, fake)).toThrow(/^Chan\.send: the signal must be an AbortSignal/);
    expect(() => select([recvCase(c)], { signal: fake })).toThrow(/^select: the signal/);
  });

  it('an abort after completion changes nothing', async () => {
    const c = new Chan<number>();
    const ac = new AbortController();
    const r = c.recv(ac.signal);
    await c.send(4);
    ac.abort();
    expect(await r).toBe(4);
  });
});
