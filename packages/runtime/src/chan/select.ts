import { Chan, ChanClosedError, type RecvChan, type SendChan } from './chan.js';
import { describe } from './describe.js';
import { notePark, noteResume, random } from './scheduler.js';
import { isAborted, pending, rejectedWith, resolvedWith, Shape, Waiter, type Selection } from './waiter.js';

/** A receive case of a {@link select}: Go's `case v, ok := <-ch`. Made by {@link recvCase}. */
export interface RecvCase<out T> {
  readonly op: 'recv';
  /** The channel, or null for a nil channel (a case that is never ready). */
  readonly chan: RecvChan<T> | null;
}

/** A send case of a {@link select}: Go's `case ch <- value`. Made by {@link sendCase}. */
export interface SendCase<out T> {
  readonly op: 'send';
  /** The channel, or null for a nil channel (a case that is never ready). */
  readonly chan: SendChan<never> | null;
  /** The value to send, evaluated once when the case was made. */
  readonly value: T;
}

/** One case of a {@link select}. */
export type SelectCase<T> = RecvCase<T> | SendCase<T>;

/** What {@link select} returns when its default case ran. */
export interface SelectDefault {
  readonly index: -1;
  readonly value: undefined;
  readonly ok: false;
}

/** The result of case number `I`, shaped by the case. */
export type CaseResult<C, I extends number> =
  C extends RecvCase<infer T>
    ? { readonly index: I; readonly value: T; readonly ok: true } | { readonly index: I; readonly value: undefined; readonly ok: false }
    : C extends SendCase<unknown>
      ? { readonly index: I; readonly value: undefined; readonly ok: true }
      : never;

/**
 * What {@link select} returns: which case ran (`index`, -1 for the default case), the value a
 * receive case got (`undefined` for a send case) and, for a receive case, Go's `ok` (false when
 * the channel was closed and drained; always true for a send case).
 *
 * For a tuple of cases the type is a union discriminated by `index`, so that after
 * `if (r.index === 1)` the value has the type of case 1's channel, and after `r.ok` it is
 * not `undefined`. `D` says whether the default case may run.
 */
export type SelectResult<
  C extends readonly SelectCase<unknown>[] = readonly SelectCase<unknown>[],
  D extends boolean = true,
> =
  | { [K in keyof C]: K extends `${infer I extends number}` ? CaseResult<C[K], I> : CaseResult<C[K], number> }[number]
  | (D extends true ? SelectDefault : never);

/** Options of {@link select}. */
export interface SelectOptions {
  /** Go's `default:` case: when no case is ready, return `{ index: -1 }` at once instead of blocking. */
  readonly default?: boolean | undefined;
  /** Aborting it while the select blocks rejects the select with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** A select case as the runtime holds it (the public types are views of it). */
class Case {
  constructor(
    readonly op: 'recv' | 'send',
    readonly chan: Chan<unknown> | null,
    readonly value: unknown,
  ) {}
}

/** A receive case on `ch`; `null` is a nil channel, never ready. */
export function recvCase<T>(ch: RecvChan<T> | null): RecvCase<T> {
  return new Case('recv', checkChan('recvCase', ch), undefined) as unknown as RecvCase<T>;
}

/** A send case of `value` on `ch`; `null` is a nil channel, never ready. */
export function sendCase<T>(ch: SendChan<T> | null, value: T): SendCase<T> {
  return new Case('send', checkChan('sendCase', ch), value) as unknown as SendCase<T>;
}

function checkChan(fn: string, ch: unknown): Chan<unknown> | null {
  if (ch === null || ch instanceof Chan) return ch;
  throw new TypeError(`${fn}: expected a Chan or null (a nil channel), got ${describe(ch)}`);
}

/**
 * Go's `select`: waits until one of the cases can proceed, performs it, and says which.
 *
 * - Every case is polled on one snapshot: if several are ready, one is chosen uniformly at
 *   random; if none is and `default` is set, the result is `{ index: -1 }` at once.
 * - Otherwise the select waits on every channel at once; the first counterpart completes
 *   exactly one case, and the select leaves all its other queues before it returns.
 * - A nil case (`null` channel) is never ready; with no other case and no default, the select
 *   blocks forever (until `signal` aborts).
 * - A send case on a closed channel, when chosen, rejects with {@link ChanClosedError}; a
 *   receive case on a closed, drained channel yields `{ value: undefined, ok: false }`.
 *
 * @example
 * const r = await select([recvCase(jobs), sendCase(results, last)], { signal });
 * if (r.index === 0 && r.ok) handle(r.value);
 */
export function select<const C extends readonly SelectCase<unknown>[]>(
  cases: C,
  options: SelectOptions & { readonly default: true },
): Promise<SelectResult<C, true>>;
export function select<const C extends readonly SelectCase<unknown>[]>(
  cases: C,
  options?: SelectOptions & { readonly default?: false | undefined },
): Promise<SelectResult<C, false>>;
export function select<const C extends readonly SelectCase<unknown>[]>(
  cases: C,
  options?: SelectOptions,
): Promise<SelectResult<C, boolean>>;
export function select(
  cases: readonly SelectCase<unknown>[],
  options?: SelectOptions,
): Promise<CaseOutcome> {
  const signal = options?.signal;
  if (signal !== undefined && isAborted(signal, 'select')) return rejectedWith(signal.reason);
  const all = cases as unknown as readonly Case[];
  const n = all.length;

  // Poll: count the ready cases, then perform the k-th. Nothing can run between the poll and
  // the decision (no await), so both rest on one snapshot of every channel (rule 26), and the
  // k-th of the ready cases for a uniform k is Go's first ready case in a random poll order.
  let ready = 0;
  for (let i = 0; i < n; i++) {
    const c = all[i];
    if (!(c instanceof Case)) throw new TypeError(`select: case ${i} is ${describe(c)}, not a recvCase or sendCase`);
    if (isReady(c)) ready++;
  }
  if (ready > 0) {
    let k = ready === 1 ? 0 : Math.min(ready - 1, Math.floor(random() * ready));
    for (let i = 0; ; i++) {
      const c = all[i]!;
      if (isReady(c) && k-- === 0) return commit(c, i);
    }
  }
  if (options?.default === true) return resolvedWith({ index: -1, value: undefined, ok: false } as const);
  return block(all, signal);
}

function isReady(c: Case): boolean {
  const ch = c.chan;
  if (ch === null) return false;
  return c.op === 'recv' ? ch.recvReady() : ch.sendReady();
}

/** Performs a ready case. */
function commit(c: Case, index: number): Promise<CaseOutcome> {
  const ch = c.chan!;
  if (c.op === 'recv') {
    const ok = ch.count > 0 || ch.sendq.head !== null;
    const value = ok ? ch.take() : undefined;
    return resolvedWith({ index, value, ok });
  }
  if (ch.closed) return rejectedWith(new ChanClosedError('send on closed channel'));
  ch.offer(c.value);
  return resolvedWith({ index, value: undefined, ok: true });
}

type CaseOutcome = { readonly index: number; readonly value: unknown; readonly ok: boolean };

/** Waits on every non-nil case, in an order drawn from the random source (rule 25). */
function block(cases: readonly Case[], signal: AbortSignal | undefined): Promise<CaseOutcome> {
  const sel = new SelectWait(signal);
  const promise = pending<CaseOutcome>(sel);
  // Enqueue the non-nil cases in a random order (a Fisher-Yates shuffle, drawn as it goes).
  const waiters = sel.waiters;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    if (c.chan === null) continue;
    const w = new Waiter(Shape.VOID, c.value, sel, i);
    const n = waiters.length;
    const j = n === 0 ? 0 : Math.min(n, Math.floor(random() * (n + 1)));
    if (j === n) {
      waiters.push(w);
    } else {
      waiters.push(waiters[j]!);
      waiters[j] = w;
    }
  }
  for (const w of waiters) {
    const c = cases[w.caseIndex]!;
    (c.op === 'recv' ? c.chan!.recvq : c.chan!.sendq).enqueue(w);
  }
  if (signal !== undefined) signal.addEventListener('abort', sel);
  notePark();
  return promise;
}

/**
 * A blocked select (Go's `g` with `selectDone`): settled by the first of its waiters to
 * complete, after which it takes every waiter off its queue at once, so that no later
 * operation can meet a stale case (rules 27 and 29).
 */
class SelectWait implements Selection {
  resolve: (value: unknown) => void = noop;
  reject: (reason: unknown) => void = noop;
  readonly waiters: Waiter[] = [];

  constructor(private signal: AbortSignal | undefined) {}

  win(w: Waiter, value: unknown, ok: boolean): void {
    this.leave();
    this.resolve({ index: w.caseIndex, value, ok });
  }

  fail(_w: Waiter, error: unknown): void {
    this.leave();
    this.reject(error);
  }

  /** The abort of the select's signal. */
  handleEvent(): void {
    const signal = this.signal;
    if (signal === undefined) return;
    noteResume();
    this.leave();
    this.reject(signal.reason);
  }

  private leave(): void {
    for (const w of this.waiters) if (w.queue !== null) w.queue.remove(w);
    const signal = this.signal;
    if (signal !== undefined) {
      this.signal = undefined;
      signal.removeEventListener('abort', this);
    }
  }
}

function noop(): void {}
