/**
 * Virtual time: what a clock mode charges, and the global event queue.
 *
 * Every core has its own clock (in cycles, kept by its CPU driver). Effects that cross from
 * one core to another become events stamped with the sender's clock plus a latency; the
 * queue orders them by (time, sequence), so equal times keep the order they were scheduled
 * in and a run is repeatable.
 */

/**
 * `deterministic`: only modelled costs advance the clocks, so the same program and seed give
 * the same trace and cycle counts every run. `measured`: each dispatcher is also charged the
 * real CPU time its code took (direct-execution simulation): the events it ran and the
 * promise continuations they caused, less the time inside the simulated channel operations,
 * which the cost model prices already. The code before an operation is charged before the
 * operation happens (measured-clock.ts).
 */
export type ClockMode = 'deterministic' | 'measured';

/** Something that happens at a point of virtual time on one dispatcher's core. */
export interface EventSink {
  /** Runs the event. `arg` is whatever number was scheduled with it. */
  onEvent(arg: number): void;
}

/**
 * A binary min-heap of events keyed by (time, seq), in parallel arrays so that scheduling
 * allocates nothing once the arrays have grown to the run's high-water mark.
 */
export class EventQueue<S extends EventSink = EventSink> {
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private args = new Int32Array(64);
  private sinks: (S | undefined)[] = new Array<S | undefined>(64);
  private count = 0;
  private nextSeq = 0;

  /** Fields of the event {@link pop} took last. */
  time = 0;
  seq = 0;
  arg = 0;
  sink: S | undefined = undefined;

  /** Number of scheduled events. */
  get size(): number {
    return this.count;
  }

  /** Schedules `sink.onEvent(arg)` at `time`, after everything already scheduled for `time`. */
  push(time: number, sink: S, arg = 0): void {
    this.insert(time, this.nextSeq++, sink, arg);
  }

  /** Takes the earliest event into {@link time}, {@link seq}, {@link arg}, {@link sink}. */
  pop(): boolean {
    const n = this.count;
    if (n === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    const args = this.args;
    const sinks = this.sinks;
    this.time = times[0]!;
    this.seq = seqs[0]!;
    this.arg = args[0]!;
    this.sink = sinks[0];
    const last = n - 1;
    this.count = last;
    if (last === 0) {
      sinks[0] = undefined;
      return true;
    }
    // Sift the last element down from the root.
    const t = times[last]!;
    const s = seqs[last]!;
    const a = args[last]!;
    const k = sinks[last]!;
    sinks[last] = undefined;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last && (times[r]! < times[c]! || (times[r] === times[c] && seqs[r]! < seqs[c]!))) c = r;
      if (times[c]! > t || (times[c] === t && seqs[c]! > s)) break;
      this.move(c, i);
      i = c;
    }
    this.place(i, t, s, k, a);
    return true;
  }

  /** Drops every scheduled event. */
  clear(): void {
    this.sinks.fill(undefined);
    this.count = 0;
  }

  private insert(time: number, seq: number, sink: S, arg: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    let i = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! < time || (times[p] === time && seqs[p]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    this.place(i, time, seq, sink, arg);
  }

  /** Copies the event at heap index `from` to index `to`. */
  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.args[to] = this.args[from]!;
    this.sinks[to] = this.sinks[from];
  }

  private place(i: number, time: number, seq: number, sink: S, arg: number): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.args[i] = arg;
    this.sinks[i] = sink;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    const args = new Int32Array(size);
    args.set(this.args);
    this.times = times;
    this.seqs = seqs;
    this.args = args;
    this.sinks.length = size;
  }
}

/** Nanoseconds of real time, for the measured clock. */
export function realTimeNs(): number {
  return performance.now() * 1e6;
}
