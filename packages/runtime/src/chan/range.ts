import type { Chan } from './chan.js';
import { resolvedWith, Shape, wake, type Waiter } from './waiter.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Go's `for v := range c` as an async iterator: each step receives the next value; the
 * iteration ends when the channel is closed and drained.
 *
 * Leaving a `for await` loop early calls {@link ChanIterator.return}; if a step is still
 * waiting then (a caller that drove `next()` by hand), it leaves the channel's queue, so no
 * value is ever handed to an iteration nobody reads.
 *
 * @internal Reached through `chan[Symbol.asyncIterator]()`.
 */
export class ChanIterator<T> implements AsyncIterableIterator<T> {
  private chan: Chan<T> | null;

  constructor(chan: Chan<T>) {
    this.chan = chan;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.chan === null) return resolvedWith(DONE);
    return this.chan.receive<IteratorResult<T>>(Shape.STEP, undefined, this);
  }

  return(): Promise<IteratorResult<T>> {
    const chan = this.chan;
    this.chan = null;
    if (chan !== null) {
      // Steps still waiting end now, as if the channel had closed for this iteration alone.
      let w: Waiter | null = chan.recvq.head;
      while (w !== null) {
        const next: Waiter | null = w.next;
        if (w.shape === Shape.STEP && w.value === this) {
          chan.recvq.remove(w);
          wake(w, undefined, false);
        }
        w = next;
      }
    }
    return resolvedWith(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
