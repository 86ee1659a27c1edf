/**
 * Soak: many pairs of dispatchers across cores (LMP on one core, UMP across cores and
 * sockets, local within a domain) exchange messages of 1 to 12 fragments of random sizes.
 * Every receiver regenerates the stream its sender sends from the same seed and checks
 * each frame as it arrives, so a lost, duplicated, reordered or corrupted frame is caught
 * where it happens.
 *
 * CI runs 100,000 frames; `npm run soak -w @flounder-ts/kernel-sim` runs a million
 * (KSIM_SOAK_FRAMES sets the count).
 */
import { describe, expect, it } from 'vitest';
import { RECV_EMPTY, type ChannelEnd } from '@flounder-ts/runtime';
import { Machine, Random } from '../src/index.js';

const FRAMES = Number(process.env.KSIM_SOAK_FRAMES ?? 100_000);
const PAIRS = 24;

/** The frames one sender sends, in order: the same for the sender and its checker. */
class Stream {
  private readonly random: Random;
  private fragmentsLeft = 0;
  private message = 0;
  /** Frames produced so far. */
  count = 0;

  constructor(
    readonly pair: number,
    private readonly maxWords: number,
  ) {
    this.random = new Random(1000 + pair);
  }

  /** Writes the next frame into `buf`; returns its length, with message number and token. */
  next(buf: Uint32Array): { length: number; msgnum: number; token: number } {
    if (this.fragmentsLeft === 0) {
      this.fragmentsLeft = 1 + this.random.int(12);
      this.message++;
    }
    this.fragmentsLeft--;
    const length = this.random.int(this.maxWords + 1);
    for (let i = 0; i < 2 * length; i++) buf[i] = this.random.nextUint32();
    this.count++;
    // Header: the fragments still to come of this message, and the frame's number.
    return { length, msgnum: this.fragmentsLeft, token: this.count };
  }

  /** Message number of the frame last produced. */
  get messageNumber(): number {
    return this.message;
  }
}

describe('soak', () => {
  it(`${FRAMES} frames between ${PAIRS} pairs of dispatchers: none lost, duplicated, reordered or corrupted`, async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10', seed: 3 });
    const layout = new Random(77);
    // Every pair sends its share; the first few one more, so the total is exactly FRAMES.
    const share = (pair: number): number => Math.floor(FRAMES / PAIRS) + (pair < FRAMES % PAIRS ? 1 : 0);
    const received = new Array<number>(PAIRS).fill(0);
    const messages = new Array<number>(PAIRS).fill(0);
    const kinds: string[] = [];
    const failures: string[] = [];

    /** Checks frames arriving on `end` against the stream of `pair`. */
    const check = (end: ChannelEnd, pair: number, slow: boolean): void => {
      const expected = new Stream(pair, end.fragmentWords);
      const want = new Uint32Array(2 * end.fragmentWords);
      const got = new Uint32Array(2 * end.fragmentWords);
      end.registerRecv(
        () => {
          for (let n = end.recv(got); n !== RECV_EMPTY; n = end.recv(got)) {
            const e = expected.next(want);
            const length = end.kind === 'ump' ? e.length : n;
            let ok = end.kind === 'ump' ? end.rxMsgnum === e.msgnum && end.rxToken === e.token : n === e.length;
            for (let i = 0; ok && i < 2 * length; i++) ok = got[i] === want[i];
            if (!ok && failures.length < 5) failures.push(`pair ${pair} (${end.kind}): frame ${expected.count} is wrong`);
            received[pair]!++;
            if (e.msgnum === 0) messages[pair]!++;
            if (slow) end.dispatcher.compute(300);
          }
        },
        { persistent: true },
      );
    };

    /** Sends its share of frames of `pair`'s stream on `end`, retrying when the channel is full. */
    const pump = (end: ChannelEnd, pair: number): Promise<void> => {
      const perPair = share(pair);
      const stream = new Stream(pair, end.fragmentWords);
      const buf = new Uint32Array(2 * end.fragmentWords);
      let pending: { length: number; msgnum: number; token: number } | null = null;
      return new Promise((done) => {
        const go = (): void => {
          while (stream.count < perPair || pending) {
            pending ??= stream.next(buf);
            const ok = end.kind === 'ump' ? end.send(buf, 0, pending.length, pending.msgnum, pending.token) : end.send(buf, 0, pending.length);
            if (!ok) return end.registerSend(go);
            pending = null;
            // Now and then the sender pauses, so queues fill and drain at different rates.
            if ((stream.count & 63) === 0) end.dispatcher.compute(layout.int(20_000));
          }
          done();
        };
        go();
      });
    };

    for (let pair = 0; pair < PAIRS; pair++) {
      const serverCore = layout.int(20);
      const kind = pair % 6 === 0 ? 'lmp' : pair % 6 === 1 ? 'local' : 'ump';
      const clientCore = kind === 'ump' ? (serverCore + 1 + layout.int(19)) % 20 : serverCore;
      const slow = pair % 3 === 0;
      if (kind === 'local') {
        machine.spawn({ name: `self${pair}`, core: serverCore }, async (disp) => {
          let server: ChannelEnd | undefined;
          const client = await disp.bind(await disp.exportService((end) => (server = end)));
          kinds.push(client.kind);
          check(server!, pair, slow);
          await pump(client, pair);
          while (received[pair]! < share(pair) && failures.length === 0) await disp.sleep(50_000);
        });
        continue;
      }
      let resolveIref!: (iref: number) => void;
      const iref = new Promise<number>((r) => (resolveIref = r));
      machine.spawn({ name: `server${pair}`, core: serverCore, daemon: true }, async (disp) => {
        resolveIref(await disp.exportService((end) => check(end, pair, slow)));
      });
      machine.spawn({ name: `client${pair}`, core: clientCore }, async (disp) => {
        const end = await disp.bind(await iref);
        kinds.push(end.kind);
        await pump(end, pair);
        while (received[pair]! < share(pair) && failures.length === 0) await disp.sleep(50_000);
      });
    }

    const report = await machine.run();
    expect(failures).toEqual([]);
    expect(received).toEqual(Array.from({ length: PAIRS }, (_, pair) => share(pair)));
    expect(received.reduce((a, b) => a + b, 0)).toBe(FRAMES);
    expect(new Set(kinds)).toEqual(new Set(['lmp', 'ump', 'local']));
    expect(messages.every((m, pair) => m > share(pair) / 13)).toBe(true);
    const { channels } = machine.counters();
    const stalls = channels.reduce((n, c) => n + c.stalls, 0);
    expect(stalls).toBeGreaterThan(0);
    console.log(
      `soak: ${FRAMES} frames, ${messages.reduce((a, b) => a + b, 0)} messages, ${stalls} stalls, ` +
        `${report.events} events, ${(report.cycles / 2.5e6).toFixed(1)} ms simulated in ${report.wallMs.toFixed(0)} ms`,
    );
  }, Math.max(60_000, FRAMES / 5));
});
