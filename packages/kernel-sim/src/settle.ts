/**
 * Letting promise continuations run. A kernel that must see what an event's continuations
 * do before it goes on (the simulator before it moves its clocks, a worker thread before it
 * polls again) yields microtask turns, which cost little, until the wakeup count has stood
 * still for a few: one per level of async functions it wants to see through (the runtime's
 * `wakeups()` says why). The simulator stops sooner when every task an event resumed has
 * parked again (the runtime's `parks()`; machine.ts), and waits this long only otherwise.
 */

/** Microtask turns the count must stay still before the continuations count as run. */
export const SETTLE_TURNS = 3;

/** Yields microtask turns until `count()` has stood still for {@link SETTLE_TURNS}; resolves with it. */
export async function settle(count: () => number): Promise<number> {
  let seen = count();
  for (let quiet = 0; quiet < SETTLE_TURNS; ) {
    await null;
    const now = count();
    if (now !== seen) {
      seen = now;
      quiet = 0;
    } else {
      quiet++;
    }
  }
  return seen;
}
