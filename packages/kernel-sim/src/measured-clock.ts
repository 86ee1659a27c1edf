/**
 * The measured clock: direct-execution simulation. The code of a dispatcher runs for real, and
 * its core is charged the real time it took, converted to cycles at the topology's clock rate.
 *
 * The charge is made as the code goes, not once its event is over: at every simulated kernel
 * operation (a send, a receive) the code that ran before it is charged first, so the operation
 * happens at the simulated time it would have on the modelled machine. A reply sent at the end
 * of a long handler reaches its peer after the handler, not before it. The kernel operation
 * itself is left out of the charge; the cost model prices it.
 *
 * Reading the time costs time too: every stretch between two readings holds one reading's
 * cost, measured when the clock is made, which is taken off again.
 *
 * With a trace, every stretch of code becomes a slice (category `code`) named after the stage
 * it belongs to: `event loop` (the machine and the waitset around the handlers), `handler` (a
 * handler the waitset runs: for a binding, taking its fragments and decoding them), `task`
 * (the tasks an event woke, running until they block again), or a stage the runtime reports
 * while it runs (a binding's `deliver` and `send`, see the runtime's `observeStages`). The
 * evaluation breaks a round trip down by them.
 */

import type { StageObserver } from '@flounder-ts/runtime';
import { realTimeNs } from './clock.js';
import type { CpuDriver } from './cpu-driver.js';
import type { Dispatcher } from './dispatcher.js';
import type { Trace } from './trace.js';

/** The real time one {@link realTimeNs} reading costs: the median of many back-to-back readings. */
function readingCost(): number {
  const gaps = new Float64Array(2001);
  let last = realTimeNs();
  for (let i = 0; i < gaps.length; i++) {
    const now = realTimeNs();
    gaps[i] = now - last;
    last = now;
  }
  gaps.sort();
  return gaps[gaps.length >> 1]!;
}

/** The stage of code between an event's start and the end of its handlers. */
const EVENT_LOOP = 'event loop';
/** The stage of the continuations an event's handlers woke. */
const TASK = 'task';

/** Charges the running dispatcher the real time its code takes; see the module comment. */
export class MeasuredClock implements StageObserver {
  /** The dispatcher whose event runs, or null between events. */
  private running: Dispatcher | null = null;
  /** Real time up to which the running dispatcher has been charged. */
  private markNs = 0;
  /** Nesting of kernel operations: only the outermost one stops the charge. */
  private kernelDepth = 0;
  /** Stages the runtime entered and has not left, innermost last. */
  private readonly stages: string[] = [];
  private base = EVENT_LOOP;
  private readonly readNs = readingCost();
  private readonly cyclesPerNs: number;

  constructor(
    hz: number,
    private readonly trace: Trace,
  ) {
    this.cyclesPerNs = hz / 1e9;
  }

  /** An event of `disp` starts. */
  beginEvent(disp: Dispatcher): void {
    this.running = disp;
    this.stages.length = 0;
    this.base = EVENT_LOOP;
    this.markNs = realTimeNs();
  }

  /** The event's handlers have run; what runs from now are the tasks they woke. */
  beginTasks(): void {
    if (this.trace.enabled) this.charge();
    this.base = TASK;
  }

  /** The event and its continuations are over: charges what is left. */
  endEvent(): void {
    if (this.running) this.charge();
    this.running = null;
  }

  /** Charges the code so far before a kernel operation, which is then left out. */
  enterKernel(): void {
    if (this.kernelDepth++ === 0 && this.running) this.charge();
  }

  /** A kernel operation is over: the charge goes on from now. */
  leaveKernel(): void {
    if (--this.kernelDepth === 0) this.markNs = realTimeNs();
  }

  /**
   * A stage of the code begins: a waitset's `handler`, or one the runtime reports (a
   * binding's `deliver` and `send`). Only a trace tells stages apart, so without one this
   * reads no time.
   */
  enter(stage: string): void {
    if (!this.trace.enabled) return;
    if (this.running) this.charge();
    this.stages.push(stage);
  }

  /** The innermost stage is over. */
  leave(): void {
    if (!this.trace.enabled) return;
    if (this.running) this.charge();
    this.stages.pop();
  }

  /** Brings `cpu`'s clock up to now if its dispatcher is the one running, so its time is read right. */
  sync(cpu: CpuDriver): void {
    if (this.running?.cpu === cpu && this.kernelDepth === 0) this.charge();
  }

  private charge(): void {
    const disp = this.running!;
    const now = realTimeNs();
    const ns = now - this.markNs - this.readNs;
    this.markNs = now;
    if (ns <= 0) return;
    const cpu = disp.cpu;
    const start = cpu.clock;
    const cycles = ns * this.cyclesPerNs;
    cpu.charge(cycles);
    if (!this.trace.enabled) return;
    this.trace.slice(disp, 'code', this.stages[this.stages.length - 1] ?? this.base, start, cycles);
    // Recording the slice is the tracer's time, not the program's.
    this.markNs = realTimeNs();
  }
}
