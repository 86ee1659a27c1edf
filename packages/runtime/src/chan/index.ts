/**
 * Go's concurrency model: channels, `select`, tasks (`go`) and the `sync` primitives, with Go's
 * semantics (the Go specification and runtime: FIFO wait queues, direct hand-off, close waking
 * every waiter, random choice among ready cases, `default` judged on one snapshot).
 *
 * How Go maps onto TypeScript here:
 * - a goroutine is an async function started with {@link go}; blocking is awaiting a promise;
 * - a nil channel is `null`, usable as a select case that is never ready;
 * - the zero value a closed channel yields is `undefined`;
 * - a panic is a thrown error for `close` and `trySend`, a rejected promise for a send
 *   ({@link ChanClosedError}), and an `Error` with Go's message for misuse of the sync types;
 * - `select` takes an array of {@link recvCase}/{@link sendCase} and an option for `default`,
 *   and resolves to which case ran; the caller then does what the case's body would do;
 * - every blocking operation takes an optional `AbortSignal` (Go's `ctx.Done()` case).
 *
 * Two things JavaScript imposes: `recv()` resolves a promise with the value, so a value that is
 * itself a promise (a thenable) is adopted; receive such values with `recv2`, `select` or
 * iteration. And awaiting costs a microtask turn even when the operation completed at once; in a
 * hot loop, `trySend`/`tryRecv` first and awaiting only when they fail saves it.
 *
 * @module
 */
export { Chan, ChanClosedError, type RecvChan, type SendChan } from './chan.js';
export {
  recvCase,
  select,
  sendCase,
  type CaseResult,
  type RecvCase,
  type SelectCase,
  type SelectDefault,
  type SelectOptions,
  type SelectResult,
  type SendCase,
} from './select.js';
export { go } from './go.js';
export { WaitGroup } from './waitgroup.js';
export { Mutex } from './mutex.js';
export { RWMutex } from './rwmutex.js';
export { parks, resumes, schedulerHooks, setSchedulerHooks, wakeups, type SchedulerHooks } from './scheduler.js';
