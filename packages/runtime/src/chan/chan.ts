import { ChanIterator } from './range.js';
import { WaitQueue } from './waitq.js';
import { describe } from './describe.js';
import {
  isAborted,
  park,
  rejectedWith,
  resolved,
  resolvedWith,
  Shape,
  shaped,
  wake,
  wakeWithError,
} from './waiter.js';

/**
 * The panics of channel misuse, with Go's messages: `"send on closed channel"` (a send, or a
 * select's send case, on a closed channel) and `"close of closed channel"`.
 */
export class ChanClosedError extends Error {
  constructor(message: 'send on closed channel' | 'close of closed channel') {
    super(message);
    this.name = 'ChanClosedError';
  }
}

/**
 * The sending end of a channel (Go's `chan<- T`). A {@link Chan} converts to it; it converts
 * to nothing else, so receiving from it is a compile error.
 */
export interface SendChan<in T> {
  // send and trySend are function-typed properties, not methods, so that their parameter is
  // checked contravariantly: a Chan<number> is not a SendChan<number | string>.
  /** The buffer's size, fixed at creation; 0 for an unbuffered channel. */
  readonly cap: number;
  /** How many values wait in the buffer (never counts blocked senders). */
  readonly len: number;
  /**
   * Sends `value`: completes at once when a receiver is waiting (the value goes straight to
   * it) or the buffer has room, otherwise when a receiver takes it. Rejects with
   * {@link ChanClosedError} if the channel is closed, or closes while the send waits; rejects
   * with the signal's reason if `signal` aborts first, and then the value is not sent.
   */
  readonly send: (value: T, signal?: AbortSignal) => Promise<void>;
  /**
   * Sends without blocking: true if the value was handed to a waiting receiver or buffered,
   * false if the send would block. Throws {@link ChanClosedError} on a closed channel.
   */
  readonly trySend: (value: T) => boolean;
  /**
   * Closes the channel: every blocked receiver gets `undefined` with `ok` false, every blocked
   * sender rejects with {@link ChanClosedError}; buffered values are still received. Throws
   * {@link ChanClosedError} if the channel is already closed.
   */
  close(): void;
}

/**
 * The receiving end of a channel (Go's `<-chan T`). A {@link Chan} converts to it; it converts
 * to nothing else, so sending on it or closing it is a compile error.
 */
export interface RecvChan<out T> {
  /** The buffer's size, fixed at creation; 0 for an unbuffered channel. */
  readonly cap: number;
  /** How many values wait in the buffer. */
  readonly len: number;
  /**
   * Receives the next value, waiting for one if needed; `undefined` once the channel is closed
   * and drained. Use {@link RecvChan.recv2} to tell a sent `undefined` from a close, or to
   * receive values that are themselves promises (a promise resolved with a thenable adopts it).
   */
  recv(signal?: AbortSignal): Promise<T | undefined>;
  /** Go's `v, ok := <-c`: `ok` is true for every value sent, false only once closed and drained. */
  recv2(signal?: AbortSignal): Promise<[value: T | undefined, ok: boolean]>;
  /** Receives without blocking: `[value, ok]` as {@link RecvChan.recv2}, or `undefined` if it would block. */
  tryRecv(): [value: T | undefined, ok: boolean] | undefined;
  /** Go's `for v := range c`: every value until the channel is closed and drained. */
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

/**
 * The largest capacity: the buffer is a power-of-two ring, and 2^26 slots is the largest such
 * array V8 allocates (its arrays hold fewer than 2^27 elements).
 */
const MAX_CAPACITY = 2 ** 26;
/** Buffers start at most this large and double as they fill, up to the capacity. */
const INITIAL_BUFFER = 1024;

/**
 * A Go channel: unbuffered (a rendezvous) or with a FIFO buffer of `cap` values, with Go's
 * exact semantics (the mapping of Go onto TypeScript is described in `chan/index.ts`).
 *
 * One data structure, as Go's `hchan`: a ring buffer and two FIFO queues of blocked operations.
 * Invariants, outside the synchronous body of an operation:
 * - `recvq` is non-empty only while the buffer is empty (a receiver never waits beside a value);
 * - `sendq` is non-empty only while the buffer is full (a sender never waits beside room);
 * - on an unbuffered channel at most one of them is non-empty, except when one blocked select
 *   has a send case and a receive case on it (it never meets itself, rule 29);
 * - once closed, both queues are empty and stay so.
 */
export class Chan<in out T> implements SendChan<T>, RecvChan<T> {
  readonly cap: number;
  /** @internal The ring: a power of two long (0 when unbuffered), grown up to `cap` as needed. */
  buf: (T | undefined)[];
  /** @internal Index of the oldest buffered value. */
  head = 0;
  /** @internal How many values are buffered. */
  count = 0;
  /** @internal */
  closed = false;
  /** @internal Blocked receivers. */
  readonly recvq = new WaitQueue();
  /** @internal Blocked senders, each holding its value. */
  readonly sendq = new WaitQueue();

  /**
   * @param capacity - the buffer's size: 0 (the default) for an unbuffered channel.
   * @throws RangeError if `capacity` is not an integer from 0 to 2^26.
   */
  constructor(capacity = 0) {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) {
      throw new RangeError(
        `makechan: size out of range: capacity ${describe(capacity)} is not an integer from 0 to ${MAX_CAPACITY}`,
      );
    }
    this.cap = capacity;
    this.buf = capacity === 0 ? [] : new Array<T | undefined>(ringSize(capacity)).fill(undefined);
  }

  get len(): number {
    return this.count;
  }

  send(value: T, signal?: AbortSignal): Promise<void> {
    if (signal !== undefined && isAborted(signal, 'Chan.send')) return rejectedWith(signal.reason);
    if (this.closed) return rejectedWith(new ChanClosedError('send on closed channel'));
    if (this.offer(value)) return resolved();
    return park(this.sendq, Shape.VOID, value, signal);
  }

  trySend(value: T): boolean {
    if (this.closed) throw new ChanClosedError('send on closed channel');
    return this.offer(value);
  }

  recv(signal?: AbortSignal): Promise<T | undefined> {
    return this.receive(Shape.VALUE, signal);
  }

  recv2(signal?: AbortSignal): Promise<[value: T | undefined, ok: boolean]> {
    return this.receive(Shape.PAIR, signal);
  }

  tryRecv(): [value: T | undefined, ok: boolean] | undefined {
    if (this.count > 0 || this.sendq.head !== null) return [this.take(), true];
    if (this.closed) return [undefined, false];
    return undefined;
  }

  close(): void {
    if (this.closed) throw new ChanClosedError('close of closed channel');
    this.closed = true;
    let w;
    while ((w = this.recvq.dequeue()) !== null) wake(w, undefined, false);
    while ((w = this.sendq.dequeue()) !== null) wakeWithError(w, new ChanClosedError('send on closed channel'));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return new ChanIterator(this);
  }

  /** @internal Whether a receive would complete at once. */
  recvReady(): boolean {
    return this.count > 0 || this.sendq.head !== null || this.closed;
  }

  /** @internal Whether a send would complete at once (or panic, when closed). */
  sendReady(): boolean {
    return this.closed || this.recvq.head !== null || this.count < this.cap;
  }

  /**
   * @internal A receive in any shape: recv, recv2, an iteration step (whose iterator, `owner`,
   * the waiter holds in its otherwise unused value slot, so the iterator can find it).
   */
  receive<R>(shape: Shape, signal: AbortSignal | undefined, owner?: unknown): Promise<R> {
    if (signal !== undefined && isAborted(signal, 'Chan.recv')) return rejectedWith(signal.reason);
    if (this.count > 0 || this.sendq.head !== null) return resolvedWith(shaped(shape, this.take(), true) as R);
    if (this.closed) return resolvedWith(shaped(shape, undefined, false) as R);
    return park(this.recvq, shape, owner, signal);
  }

  /**
   * @internal Completes a send at once if it can: hands the value to the longest waiting
   * receiver, or buffers it. The channel is open.
   */
  offer(value: unknown): boolean {
    const r = this.recvq.dequeue();
    if (r !== null) {
      wake(r, value, true);
      return true;
    }
    if (this.count < this.cap) {
      this.push(value as T);
      return true;
    }
    return false;
  }

  /**
   * @internal Takes the next value, when a value is buffered or a sender waits. From a full
   * buffer with a waiting sender it takes the head and moves the sender's value to the tail,
   * so FIFO order holds and the buffer stays full (rule 10).
   */
  take(): T | undefined {
    if (this.count > 0) {
      const value = this.shift();
      const s = this.sendq.dequeue();
      if (s !== null) {
        this.push(s.value as T);
        wake(s, undefined, true);
      }
      return value;
    }
    const s = this.sendq.dequeue()!;
    const value = s.value as T;
    wake(s, undefined, true);
    return value;
  }

  private push(value: T): void {
    if (this.count === this.buf.length) this.grow();
    const buf = this.buf;
    buf[(this.head + this.count) & (buf.length - 1)] = value;
    this.count++;
  }

  private shift(): T | undefined {
    const buf = this.buf;
    const value = buf[this.head];
    buf[this.head] = undefined;
    this.head = (this.head + 1) & (buf.length - 1);
    this.count--;
    return value;
  }

  private grow(): void {
    const old = this.buf;
    const next = new Array<T | undefined>(old.length * 2).fill(undefined);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & (old.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}

function ringSize(capacity: number): number {
  let size = 1;
  while (size < capacity && size < INITIAL_BUFFER) size *= 2;
  return size;
}
