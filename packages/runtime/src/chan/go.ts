import { describe } from './describe.js';
import { noteResume, taskContext, taskFailed } from './scheduler.js';

/**
 * Go's `go fn()`: starts `fn` as a task and returns at once; `fn` begins on the next microtask
 * turn, not inside this call.
 *
 * An exception in a task is never swallowed: if `fn` throws, or the promise it returns
 * rejects, the scheduler's failure handler gets the error (see `setSchedulerHooks`); by
 * default it is rethrown outside any promise, so the process reports it as uncaught, as an
 * unrecovered panic ends a Go program.
 */
export function go(fn: () => unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`go: expected a function, got ${describe(fn)}`);
  const context = taskContext();
  noteResume();
  queueMicrotask(() => run(fn, context));
}

function run(fn: () => unknown, context: unknown): void {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    taskFailed(error, context);
    return;
  }
  if (isThenable(result)) result.then(undefined, (error: unknown) => taskFailed(error, context));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
