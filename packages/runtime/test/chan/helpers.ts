/**
 * Test helpers: "blocks" means the promise is still pending after a wait, as the conformance
 * plan maps Go's notion; everything in the runtime runs on microtasks, so one macrotask turn
 * already settles whatever can settle, and the waits here are Go's own durations.
 */
import { setSchedulerHooks, type SchedulerHooks } from '@flounder-ts/runtime';

/** Resolves after `ms` milliseconds (a macrotask: every microtask queued before runs first). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets every queued microtask (and the ones they queue) run. */
export function drain(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Observes a promise without letting a rejection go unhandled. */
export function watch<T>(p: Promise<T>): { readonly settled: boolean; readonly value?: T; readonly error?: unknown } {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  p.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

/** Whether `p` is still pending after `ms` milliseconds (0: after the microtasks drain). */
export async function blocks(p: Promise<unknown>, ms = 0): Promise<boolean> {
  const w = watch(p);
  if (ms > 0) await sleep(ms);
  else await drain();
  return !w.settled;
}

/** The error `p` rejects with; fails if it fulfils. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it fulfilled');
}

/** A small deterministic random source (mulberry32), for reproducible selects. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` with some scheduler hooks replaced, and restores them afterwards. */
export async function withHooks<T>(hooks: Partial<SchedulerHooks>, fn: () => Promise<T> | T): Promise<T> {
  const saved = setSchedulerHooks(hooks);
  try {
    return await fn();
  } finally {
    setSchedulerHooks(saved);
  }
}

/** Whether the full stress counts were asked for (`CHAN_STRESS=full`, as the stress script does). */
export const FULL = process.env['CHAN_STRESS'] === 'full';
