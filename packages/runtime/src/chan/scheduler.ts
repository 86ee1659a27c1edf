/**
 * Scheduler hooks: the runtime's contract with whatever schedules its tasks.
 *
 * Tasks are promise continuations on the JavaScript microtask queue; nothing here owns a
 * scheduler. A host that does (the kernel simulator, running tasks in virtual time) needs
 * three things from the runtime, and they live together in this module:
 *
 * - the **random source** `select` draws from (its choice among ready cases and the order it
 *   enqueues in), replaceable by a seeded one so that a simulation is deterministic;
 * - the **task failure handler** that `go` calls when a task throws or rejects, and the
 *   **task context** it captures when the task starts, so that a host can attribute the failure
 *   (say, to the domain that spawned the task);
 * - a **wakeup counter** that moves every time the runtime makes a task runnable, so that a
 *   host can let continuations run to quiescence with cheap microtask turns instead of
 *   macrotasks (see {@link wakeups}); and counters of tasks **parked** and **resumed**, so
 *   that it can stop as soon as every task it woke waits again (see {@link parks}).
 *
 * @module
 */

/** The hooks a host may replace. */
export interface SchedulerHooks {
  /**
   * A uniform random number in [0, 1), like `Math.random` (the default). `select` draws once to
   * choose among two or more ready cases, and, when it has to block, once for each non-nil case
   * after the first (the order it enqueues in); a choice that is forced draws nothing.
   */
  random: () => number;
  /**
   * Called when a task started by {@link go} throws or its promise rejects, with the error and
   * the value {@link SchedulerHooks.taskContext} returned when `go` was called. It runs on the
   * microtask queue, in the failing task's turn. The default rethrows the error outside any
   * promise, so the process reports it as an uncaught exception (Go's unrecovered panic).
   */
  onTaskFailure: (error: unknown, context: unknown) => void;
  /**
   * Called synchronously by every {@link go}; its result travels with the task to
   * {@link SchedulerHooks.onTaskFailure}. The default returns `undefined`.
   */
  taskContext: () => unknown;
}

function rethrow(error: unknown): void {
  // A throw inside queueMicrotask escapes every promise: the host reports it as uncaught.
  queueMicrotask(() => {
    throw error;
  });
}

function noContext(): unknown {
  return undefined;
}

const DEFAULT_HOOKS: SchedulerHooks = {
  random: Math.random,
  onTaskFailure: rethrow,
  taskContext: noContext,
};

// Module variables rather than fields of one object: the hot paths read them directly.
let randomSource = DEFAULT_HOOKS.random;
let failureHandler = DEFAULT_HOOKS.onTaskFailure;
let contextSource = DEFAULT_HOOKS.taskContext;
let wakeupCount = 0;
let parkCount = 0;
let resumeCount = 0;

/**
 * Replaces some of the hooks and returns the complete set that was in force before, so that a
 * host can restore it: `const saved = setSchedulerHooks({ random }); ...; setSchedulerHooks(saved)`.
 * A hook given as `undefined` is reset to its default.
 */
export function setSchedulerHooks(hooks: {
  readonly [K in keyof SchedulerHooks]?: SchedulerHooks[K] | undefined;
}): SchedulerHooks {
  const previous = schedulerHooks();
  if ('random' in hooks) randomSource = hooks.random ?? DEFAULT_HOOKS.random;
  if ('onTaskFailure' in hooks) failureHandler = hooks.onTaskFailure ?? DEFAULT_HOOKS.onTaskFailure;
  if ('taskContext' in hooks) contextSource = hooks.taskContext ?? DEFAULT_HOOKS.taskContext;
  return previous;
}

/** The hooks in force now. */
export function schedulerHooks(): SchedulerHooks {
  return { random: randomSource, onTaskFailure: failureHandler, taskContext: contextSource };
}

/**
 * How many times the runtime has made a task runnable since the process started.
 *
 * It moves on every promise the runtime settles that a task awaits (a value handed to a
 * blocked receiver, a blocked sender released, a close, an abort, a mutex, a read-write lock or
 * a wait group letting a waiter go), on every operation that completes at once (it returns a
 * settled promise, so its caller resumes on the next microtask turn), and on every task `go`
 * starts. A host that must let the continuations of an event run before it goes on (the
 * kernel simulator before it advances its clock) yields microtask turns (`await null`) until
 * the counter stops moving. Continuations that do not call the runtime stay invisible to it:
 * an async function's `return` reaches its caller one turn later, so a host should want the
 * count to stay still for a few turns (one per level of async calls it wants to see through)
 * before it decides that everything has run.
 */
export function wakeups(): number {
  return wakeupCount;
}

/**
 * How many times an operation of the runtime has left its task waiting: a channel operation,
 * a lock or a wait that had to block, a select that blocked, a binding's send that had to
 * wait for the channel, an RPC call. With {@link resumes} it tells a host when every task it
 * woke waits again, so that it need not wait for the wakeup count to stand still: if, from
 * the moment it woke some tasks (`resumes()` moved by n), the count of parks has moved by n
 * too, each of them is parked again and nothing it would see is left to run. (A task that
 * ends, or waits for a promise of its own, never parks; then the count alone decides.)
 */
export function parks(): number {
  return parkCount;
}

/**
 * How many times the runtime has resumed a waiting task: a parked operation completed (or
 * failed, or was aborted), or `go` started a task. Every resume is also a wakeup. See {@link parks}.
 */
export function resumes(): number {
  return resumeCount;
}

/** @internal Counts one task made runnable. */
export function noteWakeup(): void {
  wakeupCount++;
}

/** @internal Counts one task left waiting by an operation that could not complete at once. */
export function notePark(): void {
  parkCount++;
}

/** @internal Counts one waiting task resumed (or started): a wakeup too. */
export function noteResume(): void {
  resumeCount++;
  wakeupCount++;
}

/** @internal The random source's next number. */
export function random(): number {
  return randomSource();
}

/** @internal Reports a failed task. */
export function taskFailed(error: unknown, context: unknown): void {
  failureHandler(error, context);
}

/** @internal The context of a task being started. */
export function taskContext(): unknown {
  return contextSource();
}
