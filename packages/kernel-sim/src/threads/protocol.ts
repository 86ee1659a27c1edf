/**
 * What the main thread and the worker threads of a threads machine say to each other.
 * Workers speak to each other only through their monitors (intermon.ts) and UMP rings.
 */

import type { MessagePort } from 'node:worker_threads';
import type { CountersReport } from '../counters.js';
import type { TopologySpec } from '../topology.js';

/** What a worker is started with. */
export interface WorkerSetup {
  /** This worker's thread number. */
  readonly thread: number;
  /** The thread of every core: core `c` runs on thread `coreThreads[c]`. */
  readonly coreThreads: readonly number[];
  readonly topology: TopologySpec;
  readonly seed: number;
  /** How long an idle thread polls before it sleeps, in microseconds. */
  readonly spinMicros: number;
  /** The machine's time zero, as `performance.timeOrigin + performance.now()` in milliseconds. */
  readonly epochMs: number;
  /** The shared doorbells and id counters (doorbells.ts). */
  readonly doorbells: SharedArrayBuffer;
  /** A port to every other thread, by thread number (`null` for this one). */
  readonly ports: readonly (MessagePort | null)[];
  /** The worker module to load, when the worker starts through a loader (loader.ts). */
  readonly entry?: string;
}

/** An error as it crosses threads. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  /** A `FlounderError`'s Barrelfish error code. */
  readonly code?: string;
}

/** From the main thread to a worker. */
export type ToWorker =
  | {
      readonly kind: 'spawn';
      readonly id: number;
      readonly name: string;
      readonly core: number;
      readonly daemon: boolean;
      readonly module: string;
      readonly export: string;
      readonly arg: unknown;
    }
  | { readonly kind: 'thread-died'; readonly thread: number; readonly cores: readonly number[]; readonly reason: string }
  | { readonly kind: 'counters' }
  | { readonly kind: 'shutdown' };

/** From a worker to the main thread. */
export type FromWorker =
  /** A domain's main function returned (a daemon lives on), with what it returned. */
  | { readonly kind: 'returned'; readonly id: number; readonly value: unknown }
  /** A domain failed: a task or handler threw, or it could not start. */
  | { readonly kind: 'failed'; readonly id: number; readonly dispatcher: string; readonly error: WireError }
  | { readonly kind: 'counters'; readonly report: CountersReport };
