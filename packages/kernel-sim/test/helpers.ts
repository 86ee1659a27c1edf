/**
 * Small pieces the kernel-sim tests share: a service to bind to, and frame pumps that send
 * a list of frames with the register-send retry and collect what arrives.
 */

import { LMP_FLAG_GIVEAWAY, LMP_SEND_FLAGS_DEFAULT, RECV_EMPTY, type CapRef, type ChannelEnd, type Iref } from '@flounder-ts/runtime';
import type { Dispatcher, Machine } from '../src/index.js';

/** One frame as a test sees it: its words (as numbers below 2^32, one per 64-bit word's low half) and header. */
export interface TestFrame {
  readonly words: readonly bigint[];
  readonly msgnum?: number;
  readonly token?: number;
  readonly cap?: CapRef;
  readonly give?: boolean;
}

/** Writes `words` as 64-bit words into `buf` (32-bit halves). */
export function putWords(buf: Uint32Array, words: readonly bigint[]): void {
  words.forEach((w, i) => {
    buf[2 * i] = Number(w & 0xffff_ffffn);
    buf[2 * i + 1] = Number(w >> 32n);
  });
}

/** Reads `n` 64-bit words from `buf`. */
export function getWords(buf: Uint32Array, n: number): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(BigInt(buf[2 * i]!) | (BigInt(buf[2 * i + 1]!) << 32n));
  return out;
}

/**
 * Sends `frames` in order on `end`, retrying through `registerSend` whenever the channel is
 * full; resolves when all are sent, with the number of refused attempts.
 */
export function sendFrames(end: ChannelEnd, frames: readonly TestFrame[]): Promise<number> {
  const buf = new Uint32Array(2 * end.fragmentWords);
  let next = 0;
  let refused = 0;
  return new Promise((resolve, reject) => {
    const pump = (): void => {
      try {
        while (next < frames.length) {
          const f = frames[next]!;
          putWords(buf, f.words);
          const ok =
            end.kind === 'ump'
              ? end.send(buf, 0, f.words.length, f.msgnum ?? 0, f.token ?? 0)
              : end.send(buf, 0, f.words.length, f.cap, LMP_SEND_FLAGS_DEFAULT | (f.give ? LMP_FLAG_GIVEAWAY : 0));
          if (!ok) {
            refused++;
            end.registerSend(pump);
            return;
          }
          next++;
        }
        resolve(refused);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    pump();
  });
}

/** A received frame. */
export interface Received {
  readonly words: bigint[];
  readonly msgnum: number;
  readonly token: number;
  readonly cap: CapRef | null;
}

/**
 * Collects frames arriving on `end` (persistently registered) until `count` have come, or
 * the peer closes; `onFrame` sees each as it arrives.
 */
export function recvFrames(end: ChannelEnd, count: number, onFrame?: (f: Received) => void): Promise<Received[]> {
  const buf = new Uint32Array(2 * end.fragmentWords);
  const got: Received[] = [];
  return new Promise((resolve) => {
    if (count === 0) return resolve(got);
    end.registerRecv(
      () => {
        for (;;) {
          const n = end.recv(buf);
          if (n === RECV_EMPTY) break;
          const f: Received =
            end.kind === 'ump'
              ? { words: getWords(buf, n), msgnum: end.rxMsgnum, token: end.rxToken, cap: null }
              : { words: getWords(buf, n), msgnum: 0, token: 0, cap: end.rxCap ?? null };
          got.push(f);
          onFrame?.(f);
          if (got.length === count) {
            end.deregisterRecv();
            return resolve(got);
          }
        }
        if (end.peerClosed) {
          end.deregisterRecv();
          resolve(got);
        }
      },
      { persistent: true },
    );
  });
}

/**
 * Spawns a daemon domain `name` on `core` exporting a service with `accept`; resolves with
 * the iref once exported.
 */
export function serve(machine: Machine, name: string, core: number, accept: (end: ChannelEnd, disp: Dispatcher) => void): Promise<Iref> {
  return new Promise((resolve) => {
    machine.spawn({ name, core, daemon: true }, async (disp) => {
      resolve(await disp.exportService((end) => accept(end, disp)));
    });
  });
}
