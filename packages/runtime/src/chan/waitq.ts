import type { Waiter } from './waiter.js';

/**
 * A FIFO queue of blocked operations (Go's `waitq`): the senders or the receivers of one
 * channel, or the waiters of a lock or a wait group.
 *
 * It is intrusive: the links live in the {@link Waiter}s, so that a waiter can leave from the
 * middle in O(1) when its select is won elsewhere or its signal aborts. A waiter is on at most
 * one queue at a time, and `waiter.queue` names it (null when it is on none).
 *
 * @internal
 */
export class WaitQueue {
  head: Waiter | null = null;
  tail: Waiter | null = null;

  /** Appends a waiter that is on no queue. */
  enqueue(w: Waiter): void {
    w.queue = this;
    w.prev = this.tail;
    w.next = null;
    if (this.tail === null) this.head = w;
    else this.tail.next = w;
    this.tail = w;
  }

  /** Removes and returns the longest waiter, or null when the queue is empty. */
  dequeue(): Waiter | null {
    const w = this.head;
    if (w !== null) this.remove(w);
    return w;
  }

  /** Removes a waiter that is on this queue. */
  remove(w: Waiter): void {
    const { prev, next } = w;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    w.prev = w.next = null;
    w.queue = null;
  }
}
