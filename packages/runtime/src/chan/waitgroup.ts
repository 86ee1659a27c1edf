import { describe } from './describe.js';
import { WaitQueue } from './waitq.js';
import { park, resolved, Shape, wake } from './waiter.js';

/**
 * Go's `sync.WaitGroup`: waits for a collection of tasks to finish. `add` the number of tasks,
 * each calls `done` when it ends, and `wait` resolves once the counter is back to zero.
 */
export class WaitGroup {
  private counter = 0;
  private readonly waiters = new WaitQueue();

  /**
   * Adds `delta` (which may be negative) to the counter; when it reaches zero, every `wait`
   * resolves.
   * @throws RangeError if `delta` is not an integer.
   * @throws Error `"sync: negative WaitGroup counter"` if the counter would drop below zero.
   */
  add(delta: number): void {
    if (!Number.isSafeInteger(delta)) {
      throw new RangeError(`WaitGroup.add: delta ${describe(delta)} is not an integer`);
    }
    const counter = this.counter + delta;
    if (counter < 0) throw new Error('sync: negative WaitGroup counter');
    this.counter = counter;
    if (counter === 0) {
      let w;
      while ((w = this.waiters.dequeue()) !== null) wake(w, undefined, true);
    }
  }

  /** Decrements the counter by one: `add(-1)`. */
  done(): void {
    this.add(-1);
  }

  /** Resolves when the counter is zero (at once if it is zero now). */
  wait(): Promise<void> {
    if (this.counter === 0) return resolved();
    return park(this.waiters, Shape.VOID, undefined, undefined);
  }
}
