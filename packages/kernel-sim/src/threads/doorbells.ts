/**
 * The words every thread of a threads machine shares: the machine-wide id counters, and one
 * doorbell per thread.
 *
 * UMP is polled, as in Barrelfish: a busy thread sees a new slot by looking at it. A thread
 * with nothing to do spins for a while, then announces that it sleeps and waits on its
 * doorbell (`Atomics.waitAsync`), so an idle machine burns no CPU. A sender that has written
 * a slot rings the receiver's doorbell only if it sleeps: one atomic load on the fast path.
 * Sender and sleeper each write their word before reading the other's, and JavaScript's
 * atomics are sequentially consistent, so either the sleeper's last poll sees the slot or the
 * sender sees the sleeper (the store-load pattern of Dekker's algorithm).
 */

/** 32-bit words of one cache line: every thread's doorbell has a line of its own. */
const LINE = 16;
/** Global words: the last channel, kernel object, domain and dispatcher ids handed out. */
const NEXT_CHANNEL = 0;
const NEXT_OBJECT = 1;
const NEXT_DOMAIN = 2;
const NEXT_DISPATCHER = 3;
/**
 * Within a thread's line: the doorbell, bumped to wake it; its sleeping flag; and a count of
 * the channels closed towards it, so that it looks for closed peers only when there are some.
 */
const BELL = 0;
const SLEEPING = 1;
const CLOSES = 2;

/** `Atomics.waitAsync` (ES2024, in Node since 16), typed here: the project's lib is ES2023. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(words: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

export class Doorbells {
  readonly words: Int32Array;

  constructor(
    /** The shared memory: made by the main thread with {@link Doorbells.memory}. */
    readonly buffer: SharedArrayBuffer,
  ) {
    this.words = new Int32Array(buffer);
  }

  /** Memory for a machine of `threads` threads. */
  static memory(threads: number): SharedArrayBuffer {
    return new SharedArrayBuffer((threads + 1) * LINE * 4);
  }

  /** A machine-wide channel number. */
  nextChannelId(): number {
    return Atomics.add(this.words, NEXT_CHANNEL, 1) + 1;
  }

  /** A machine-wide kernel object number. */
  nextObjectId(): number {
    return Atomics.add(this.words, NEXT_OBJECT, 1) + 1;
  }

  /** A machine-wide domain number. */
  nextDomainId(): number {
    return Atomics.add(this.words, NEXT_DOMAIN, 1);
  }

  /** A machine-wide dispatcher number. */
  nextDispatcherId(): number {
    return Atomics.add(this.words, NEXT_DISPATCHER, 1);
  }

  /** Wakes `thread` if it sleeps; the cost of a send when it does not is one atomic load. */
  notify(thread: number): void {
    const at = (thread + 1) * LINE;
    if (Atomics.load(this.words, at + SLEEPING) !== 0) this.ring(thread);
  }

  /** Tells `thread` that a channel towards it was closed, and wakes it. */
  closed(thread: number): void {
    Atomics.add(this.words, (thread + 1) * LINE + CLOSES, 1);
    this.ring(thread);
  }

  /** How many channels towards `thread` have been closed. */
  closes(thread: number): number {
    return Atomics.load(this.words, (thread + 1) * LINE + CLOSES);
  }

  /** Wakes `thread` whether or not it has announced that it sleeps. */
  ring(thread: number): void {
    const at = (thread + 1) * LINE;
    Atomics.add(this.words, at + BELL, 1);
    Atomics.notify(this.words, at + BELL);
  }

  /**
   * Sleeps on `thread`'s doorbell. `idle()` is the caller's last look for work, made after
   * the sleep is announced; when it finds some, this returns `false` at once. Otherwise it
   * resolves with `true` when the doorbell rings.
   */
  async sleep(thread: number, idle: () => boolean): Promise<boolean> {
    const words = this.words;
    const at = (thread + 1) * LINE;
    const seen = Atomics.load(words, at + BELL);
    Atomics.store(words, at + SLEEPING, 1);
    try {
      if (!idle()) return false;
      const wait = waitAsync(words, at + BELL, seen);
      if (wait.async) await wait.value;
      return true;
    } finally {
      Atomics.store(words, at + SLEEPING, 0);
    }
  }
}
