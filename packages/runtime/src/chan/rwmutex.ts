import { WaitQueue } from './waitq.js';
import { park, resolved, Shape, wake } from './waiter.js';

/**
 * Go's `sync.RWMutex`: any number of readers or one writer.
 *
 * As in Go, a writer waiting for the lock keeps new readers out (so writers are not starved),
 * and a writer's `unlock` lets every reader that waited behind it in before the next writer.
 */
export class RWMutex {
  /** Readers holding the lock. */
  private readers = 0;
  private writer = false;
  private readonly readerq = new WaitQueue();
  private readonly writerq = new WaitQueue();

  /** Resolves when the caller holds a read lock. */
  rLock(): Promise<void> {
    if (!this.writer && this.writerq.head === null) {
      this.readers++;
      return resolved();
    }
    return park(this.readerq, Shape.VOID, undefined, undefined);
  }

  /**
   * Releases a read lock.
   * @throws Error `"sync: RUnlock of unlocked RWMutex"` if no reader holds it.
   */
  rUnlock(): void {
    if (this.readers === 0) throw new Error('sync: RUnlock of unlocked RWMutex');
    this.readers--;
    if (this.readers === 0) this.admitWriter();
  }

  /** Resolves when the caller holds the write lock. */
  lock(): Promise<void> {
    if (!this.writer && this.readers === 0) {
      this.writer = true;
      return resolved();
    }
    return park(this.writerq, Shape.VOID, undefined, undefined);
  }

  /**
   * Releases the write lock: readers waiting get it first, then the next writer.
   * @throws Error `"sync: Unlock of unlocked RWMutex"` if no writer holds it.
   */
  unlock(): void {
    if (!this.writer) throw new Error('sync: Unlock of unlocked RWMutex');
    this.writer = false;
    let w;
    while ((w = this.readerq.dequeue()) !== null) {
      this.readers++;
      wake(w, undefined, true);
    }
    if (this.readers === 0) this.admitWriter();
  }

  private admitWriter(): void {
    const w = this.writerq.dequeue();
    if (w === null) return;
    this.writer = true;
    wake(w, undefined, true);
  }
}
