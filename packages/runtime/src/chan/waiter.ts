import { describe } from './describe.js';
import { notePark, noteResume, noteWakeup } from './scheduler.js';
import type { WaitQueue } from './waitq.js';

/**
 * How a waiter's promise is fulfilled, by the operation that parked it.
 * @internal
 */
export const Shape = {
  /** `undefined`: a send, a lock, a wait. */
  VOID: 0,
  /** The value, or `undefined` once closed: `recv`. */
  VALUE: 1,
  /** `[value, ok]`: `recv2`. */
  PAIR: 2,
  /** An iterator result, done once closed: `for await` over a channel. */
  STEP: 3,
} as const;
/** @internal */
export type Shape = (typeof Shape)[keyof typeof Shape];

/**
 * The select a waiter is one case of: it settles once, for the first of its waiters that
 * completes, and then takes all its waiters off their queues.
 * @internal
 */
export interface Selection {
  win(w: Waiter, value: unknown, ok: boolean): void;
  fail(w: Waiter, error: unknown): void;
}

/**
 * A blocked operation on one queue: Go's `sudog`.
 *
 * A plain operation (a send, a receive, a lock) parks one waiter, which also holds the
 * operation's promise. A blocked select parks one waiter per case, all pointing at the same
 * {@link Selection}, which holds the promise.
 *
 * Invariant: a waiter is settled at most once, and only after it has left its queue; whoever
 * takes it off a queue settles it (or, for a select, its selection) at once, with no `await` in
 * between, so no other operation can ever see a waiter whose operation has finished.
 *
 * @internal
 */
export class Waiter {
  prev: Waiter | null = null;
  next: Waiter | null = null;
  queue: WaitQueue | null = null;
  resolve: (value: unknown) => void = ignore;
  reject: (reason: unknown) => void = ignore;
  /** The signal that can abort a plain operation while it waits. */
  signal: AbortSignal | undefined = undefined;

  constructor(
    readonly shape: Shape,
    /** A sender's value, until a receiver takes it; for an iteration step, its iterator. */
    public value: unknown,
    /** The select this waiter is a case of, or null for a plain operation. */
    readonly selection: Selection | null,
    /** The index of that case. */
    readonly caseIndex: number,
  ) {}

  /** The abort of a plain operation's signal. */
  handleEvent(): void {
    if (this.queue === null) return;
    this.queue.remove(this);
    noteResume();
    const reason = this.signal!.reason;
    release(this);
    this.reject(reason);
  }
}

function ignore(): void {}

// The executor of every promise we park on: it allocates no closure per operation.
let capturedResolve: (value: unknown) => void = ignore;
let capturedReject: (reason: unknown) => void = ignore;
function capture(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/**
 * A new pending promise, with its resolving functions handed to `holder`.
 * @internal
 */
export function pending<R>(holder: {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}): Promise<R> {
  const promise = new Promise<R>(capture as (resolve: (value: R) => void) => void);
  holder.resolve = capturedResolve;
  holder.reject = capturedReject;
  return promise;
}

/**
 * Whether an operation's signal has aborted already (then the operation rejects at once and
 * does nothing); throws a TypeError naming `where` for a signal that is not an AbortSignal.
 * @internal
 */
export function isAborted(signal: AbortSignal, where: string): boolean {
  if (!(signal instanceof AbortSignal)) {
    throw new TypeError(`${where}: the signal must be an AbortSignal, got ${describe(signal)}`);
  }
  return signal.aborted;
}

/**
 * Parks a plain operation on `queue` and returns its promise.
 * @internal
 */
export function park<R>(
  queue: WaitQueue,
  shape: Shape,
  value: unknown,
  signal: AbortSignal | undefined,
): Promise<R> {
  const w = new Waiter(shape, value, null, 0);
  const promise = pending<R>(w);
  queue.enqueue(w);
  notePark();
  if (signal !== undefined) {
    w.signal = signal;
    signal.addEventListener('abort', w);
  }
  return promise;
}

/**
 * Completes a waiter that has left its queue: a receiver gets `value` (`ok` false when the
 * channel closed), a sender or a lock waiter is released.
 * @internal
 */
export function wake(w: Waiter, value: unknown, ok: boolean): void {
  noteResume();
  if (w.selection !== null) {
    w.selection.win(w, value, ok);
    return;
  }
  release(w);
  w.resolve(shaped(w.shape, value, ok));
}

/**
 * Fails a waiter that has left its queue (a sender on a channel being closed).
 * @internal
 */
export function wakeWithError(w: Waiter, error: unknown): void {
  noteResume();
  if (w.selection !== null) {
    w.selection.fail(w, error);
    return;
  }
  release(w);
  w.reject(error);
}

function release(w: Waiter): void {
  const signal = w.signal;
  if (signal !== undefined) {
    w.signal = undefined;
    signal.removeEventListener('abort', w);
  }
}

/**
 * The result of an operation that completes at once: a settled promise, and a wakeup, since
 * its caller resumes on the next turn. `RESOLVED` serves every operation whose result is
 * `undefined`, so those allocate nothing.
 * @internal
 */
export const RESOLVED: Promise<undefined> = Promise.resolve(undefined);

/** @internal */
export function resolved(): Promise<undefined> {
  noteWakeup();
  return RESOLVED;
}

/** @internal */
export function resolvedWith<R>(value: R): Promise<R> {
  noteWakeup();
  return Promise.resolve(value);
}

/** @internal */
export function rejectedWith(reason: unknown): Promise<never> {
  noteWakeup();
  return Promise.reject(reason);
}

/**
 * The fulfilment value of a receive that completes at once, in its operation's shape.
 * @internal
 */
export function shaped(shape: Shape, value: unknown, ok: boolean): unknown {
  switch (shape) {
    case Shape.VALUE:
      return value;
    case Shape.PAIR:
      return [value, ok];
    case Shape.STEP:
      return ok ? { value, done: false } : { value: undefined, done: true };
    default:
      return undefined;
  }
}
