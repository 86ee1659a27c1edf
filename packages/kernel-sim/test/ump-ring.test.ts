import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
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

  it('behaves as a bounded queue over many laps: full exactly when `slots` messages are unacked', () => {
    // Each step sends, receives or acks; the ring must agree with a plain array and a count.
    const step = fc.constantFrom('send', 'recv', 'ack');
    const ring = fc.integer({ min: 1, max: 5 }).chain((slots) => fc.tuple(fc.constant(slots), fc.integer({ min: 1, max: slots })));
    fc.assert(
      fc.property(ring, fc.array(step, { maxLength: 200 }), ([slots, ackEvery], steps) => {
        const buffer = new SharedArrayBuffer(umpRingBytes(slots));
        const tx = new UmpRingSender(buffer, 0, slots);
        const rx = new UmpRingReceiver(buffer, 0, slots, ackEvery);
        const queue: number[] = [];
        let unacked = 0;
        const one = new Uint32Array(2);
        const out = new Uint32Array(16);
        let next = 0;
        for (const what of steps) {
          const full = queue.length + unacked === slots;
          expect(tx.canSend()).toBe(!full);
          expect(rx.poll()).toBe(queue.length > 0);
          expect(rx.unacked).toBe(unacked);
          if (what === 'send') {
            one[0] = next;
            const slot = tx.send(one, 0, 1, next & 0x7fff, next);
            if (full) expect(slot).toBe(-1);
            else {
              expect(slot).toBe(next % slots);
              queue.push(next++);
            }
          } else if (what === 'ack') {
            rx.ack();
            unacked = 0;
          } else if (queue.length === 0) expect(rx.recv(out)).toBe(-1);
          else {
            const want = queue.shift()!;
            expect(rx.recv(out)).toBe(want % slots);
            expect([out[0], rx.msgnum, rx.token]).toEqual([want, want & 0x7fff, want]);
            if (++unacked === ackEvery) unacked = 0;
          }
        }
      }),
    );
  });

  it('acks every slot by default, or every few if asked, and no fewer than one or more than the ring', () => {
    const buffer = new SharedArrayBuffer(umpRingBytes(4));
    const one = new Uint32Array(2);
    const out = new Uint32Array(16);
    const tx = new UmpRingSender(buffer, 0, 4);
    const rx = new UmpRingReceiver(buffer, 0, 4, 2);
    for (let i = 0; i < 4; i++) tx.send(one, 0, 1, 0, i);
    rx.recv(out);
    expect([rx.unacked, tx.canSend()]).toEqual([1, false]);
    rx.recv(out);
    expect([rx.unacked, tx.canSend()]).toEqual([0, true]);
    expect(() => new UmpRingReceiver(buffer, 0, 4, 0)).toThrow(/acks every 1 to 4 slots, not 0/);
    expect(() => new UmpRingReceiver(buffer, 0, 4, 5)).toThrow(/acks every 1 to 4 slots, not 5/);
  });

  it('leaves the slots to the sender: the receiver counts what it took in the ack line', () => {
    const slots = 2;
    const buffer = new SharedArrayBuffer(umpRingBytes(slots));
    const tx = new UmpRingSender(buffer, 0, slots);
    const rx = new UmpRingReceiver(buffer, 0, slots);
    const one = new Uint32Array(2);
    const out = new Uint32Array(16);
    tx.send(one, 0, 1, 5, 0);
    const before = new Int32Array(buffer, 0, 16 * slots).slice();
    rx.recv(out);
    expect(new Int32Array(buffer, 0, 16 * slots)).toEqual(before);
    expect(new Int32Array(buffer, 64 * slots, 1)[0]).toBe(1);
    // The second lap writes `used` as 0: a slot of the first lap is not taken for a new one.
    tx.send(one, 0, 1, 5, 1);
    rx.recv(out);
    tx.send(one, 0, 1, 5, 2);
    expect(new Int32Array(buffer, 0, 16)[14]).toBe(5 << 17);
    expect(rx.recv(out)).toBe(0);
    expect(rx.token).toBe(2);
    expect(rx.recv(out)).toBe(-1);
  });

  it.each([1, 8])('runs unchanged between two threads, with ackEvery %i: every slot echoed, in order, intact', async (ackEvery) => {
    const slots = 32;
    const count = 50_000;
    const buffer = new SharedArrayBuffer(2 * umpRingBytes(slots));
    const worker = new Worker(new URL('./fixtures/ts-worker.mjs', import.meta.url), {
      workerData: { module: new URL('./fixtures/ring-echo-worker.ts', import.meta.url).href, buffer, slots, count, ackEvery },
    });
    let failed: unknown;
    const done = new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', (err) => reject((failed = err)));
    });
    const tx = new UmpRingSender(buffer, 0, slots);
    const rx = new UmpRingReceiver(buffer, umpRingBytes(slots), slots, ackEvery);
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
