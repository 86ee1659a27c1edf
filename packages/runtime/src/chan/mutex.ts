import { WaitQueue } from './waitq.js';
import { park, resolved, Shape, wake } from './waiter.js';

/**
 * Go's `sync.Mutex`: a mutual exclusion lock for tasks. It is not tied to a task: any task may
 * unlock it. Unlocking hands the lock straight to the longest waiter (FIFO), so a task that
 * unlocks and locks again in a loop cannot starve the others.
 */
export class Mutex {
  private locked = false;
  private readonly waiters = new WaitQueue();

  /** Resolves when the caller holds the lock. */
  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return resolved();
    }
    return park(this.waiters, Shape.VOID, undefined, undefined);
  }

  /** Takes the lock if it is free: true if the caller now holds it. */
  tryLock(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  /**
   * Releases the lock, to the longest waiter if there is one.
   * @throws Error `"sync: unlock of unlocked mutex"` if the lock is free.
   */
  unlock(): void {
    if (!this.locked) throw new Error('sync: unlock of unlocked mutex');
    const w = this.waiters.dequeue();
    if (w === null) this.locked = false;
    else wake(w, undefined, true);
  }
}
