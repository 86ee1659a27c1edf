import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { UmpRingReceiver, UmpRingSender, umpRingBytes } from '../src/index.js';

describe('UMP ring', () => {
  it('writes the header word last: used | msgnum << 17 | token << 32', () => {
    const buffer = new SharedArrayBuffer(umpRingBytes(4));
    const tx = new UmpRingSender(buffer, 0, 4);
    const words = new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(tx.send(words, 0, 7, 0x1234, 0xdeadbeef)).toBe(0);
    const slot = new BigUint64Array(buffer, 0, 8);
    expect(slot[6]).toBe(13n | (14n << 32n));
    expect(slot[7]).toBe(1n | (0x1234n << 17n) | (0xdeadbeefn << 32n));
  });

  it('fills up, and frees slots only as the receiver takes them', () => {
    const buffer = new SharedArrayBuffer(umpRingBytes(3));
    const tx = new UmpRingSender(buffer, 0, 3);
    const rx = new UmpRingReceiver(buffer, 0, 3);
    const one = new Uint32Array([0, 0]);
    const out = new Uint32Array(16);
    for (let i = 0; i < 3; i++) {
      one[0] = i;
      expect(tx.send(one, 0, 1, i, i)).toBe(i);
    }
    expect(tx.canSend()).toBe(false);
    expect(tx.send(one, 0, 1, 9, 9)).toBe(-1);
    expect(rx.recv(out)).toBe(0);
    expect([out[0], rx.msgnum, rx.token]).toEqual([0, 0, 0]);
    expect(tx.canSend()).toBe(true);
    one[0] = 3;
    expect(tx.send(one, 0, 1, 3, 3)).toBe(0);
    for (const want of [1, 2, 3]) {
      expect(rx.poll()).toBe(true);
      rx.recv(out);
      expect([out[0], rx.token]).toEqual([want, want]);
    }
    expect(rx.poll()).toBe(false);
    expect(rx.recv(out)).toBe(-1);
  });

  it('runs unchanged between two threads: every slot echoed, in order, intact', async () => {
    const slots = 32;
    const count = 50_000;
    const buffer = new SharedArrayBuffer(2 * umpRingBytes(slots));
    const worker = new Worker(new URL('./fixtures/ts-worker.mjs', import.meta.url), {
      workerData: { module: new URL('./fixtures/ring-echo-worker.ts', import.meta.url).href, buffer, slots, count },
    });
    let failed: unknown;
    const done = new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', (err) => reject((failed = err)));
    });
    const tx = new UmpRingSender(buffer, 0, slots);
    const rx = new UmpRingReceiver(buffer, umpRingBytes(slots), slots);
    const out = new Uint32Array(16);
    const msg = new Uint32Array(14);
    let sent = 0;
    let received = 0;
    let bad = 0;
    const deadline = Date.now() + 60_000;
    for (let spins = 0; received < count && Date.now() < deadline && failed === undefined; spins++) {
      // Let the worker's errors reach us now and then.
      if ((spins & 0xffff) === 0) await new Promise((resolve) => setImmediate(resolve));
      if (sent < count) {
        for (let w = 0; w < 14; w++) msg[w] = (sent * 31 + w) >>> 0;
        if (tx.send(msg, 0, 7, sent & 0x7fff, sent) >= 0) sent++;
      }
      if (rx.recv(out) >= 0) {
        for (let w = 0; w < 14; w++) if (out[w] !== ((received * 31 + w) >>> 0)) bad++;
        if (rx.token !== received || rx.msgnum !== (received & 0x7fff)) bad++;
        received++;
      }
    }
    await done;
    await worker.terminate();
    expect(received).toBe(count);
    expect(bad).toBe(0);
  }, 90_000);
});
