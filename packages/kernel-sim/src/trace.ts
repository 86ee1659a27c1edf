/**
 * A trace of every send, delivery and dispatch in Chrome Trace Event format, which Perfetto
 * and chrome://tracing open. Each core is a process and each dispatcher a thread; a flow
 * arrow joins every send to its delivery, so one round trip can be read stage by stage.
 * Times are microseconds of virtual time; `args.cycle` and `args.cycles` give the exact
 * start and duration in cycles.
 */

/** One Chrome Trace Event. */
export interface TraceEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: 'X' | 'i' | 's' | 'f' | 'M';
  readonly ts?: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid?: number;
  readonly id?: number;
  readonly bp?: 'e';
  readonly s?: 't';
  readonly args?: Readonly<Record<string, string | number>>;
}

/** What the tracer needs to know about a dispatcher. */
export interface TracedDispatcher {
  readonly id: number;
  readonly core: number;
}

/** Trace categories. */
export type TraceCategory = 'send' | 'deliver' | 'dispatch' | 'sched' | 'monitor' | 'domain' | 'stall' | 'code';

/** Records trace events when enabled; every method is a cheap no-op otherwise. */
export class Trace {
  private readonly list: TraceEvent[] = [];
  private readonly named = new Set<string>();
  private flows = 0;
  private readonly usPerCycle: number;

  constructor(
    /** Whether events are recorded. */
    readonly enabled: boolean,
    hz: number,
  ) {
    this.usPerCycle = 1e6 / hz;
  }

  /** Names a core (a process in the viewer) and a dispatcher (a thread) once. */
  nameDispatcher(disp: TracedDispatcher, name: string, coreName: string): void {
    if (!this.enabled) return;
    const pkey = `p${disp.core}`;
    if (!this.named.has(pkey)) {
      this.named.add(pkey);
      this.list.push({ name: 'process_name', ph: 'M', pid: disp.core, args: { name: coreName } });
      this.list.push({ name: 'process_sort_index', ph: 'M', pid: disp.core, args: { sort_index: disp.core } });
    }
    this.list.push({ name: 'thread_name', ph: 'M', pid: disp.core, tid: disp.id, args: { name } });
  }

  /** A span of work on `disp`: `cycles` long from `start`. */
  slice(
    disp: TracedDispatcher,
    cat: TraceCategory,
    name: string,
    start: number,
    cycles: number,
    args?: Record<string, string | number>,
  ): void {
    if (!this.enabled) return;
    this.list.push({
      name,
      cat,
      ph: 'X',
      ts: start * this.usPerCycle,
      dur: cycles * this.usPerCycle,
      pid: disp.core,
      tid: disp.id,
      args: { cycle: start, cycles, ...args },
    });
  }

  /** A moment on `disp`. */
  instant(disp: TracedDispatcher, cat: TraceCategory, name: string, at: number, args?: Record<string, string | number>): void {
    if (!this.enabled) return;
    this.list.push({
      name,
      cat,
      ph: 'i',
      s: 't',
      ts: at * this.usPerCycle,
      pid: disp.core,
      tid: disp.id,
      args: { cycle: at, ...args },
    });
  }

  /** Starts a flow arrow inside the slice at `at` on `disp`; returns its id for {@link flowEnd}. */
  flowStart(disp: TracedDispatcher, at: number): number {
    if (!this.enabled) return 0;
    const id = ++this.flows;
    this.list.push({ name: 'message', cat: 'flow', ph: 's', id, ts: at * this.usPerCycle, pid: disp.core, tid: disp.id });
    return id;
  }

  /** Ends flow `id` inside the slice at `at` on `disp`. */
  flowEnd(id: number, disp: TracedDispatcher, at: number): void {
    if (!this.enabled || id === 0) return;
    this.list.push({ name: 'message', cat: 'flow', ph: 'f', bp: 'e', id, ts: at * this.usPerCycle, pid: disp.core, tid: disp.id });
  }

  /** The events recorded so far. */
  get events(): readonly TraceEvent[] {
    return this.list;
  }

  /** The trace as a Chrome Trace Event JSON document. */
  toJSON(): string {
    const lines = this.list.map((e) => JSON.stringify(e));
    return `{"displayTimeUnit":"ns","traceEvents":[\n${lines.join(',\n')}\n]}\n`;
  }
}
