/**
 * The CPU driver of one core: its clock, its capability space, the dispatchers it
 * schedules, and its counters. Everything per core lives here, so a core could be moved
 * into a worker thread of its own.
 */

import { CapabilitySpace } from './caps.js';
import { CoreCounters } from './counters.js';
import type { CoreInfo } from './topology.js';
import type { Dispatcher } from './dispatcher.js';
import type { Trace } from './trace.js';

export class CpuDriver {
  /** This core's virtual time, in cycles. */
  clock = 0;
  /** The dispatcher the core ran last. */
  current: Dispatcher | null = null;
  readonly cspace: CapabilitySpace;
  readonly counters = new CoreCounters();
  readonly dispatchers: Dispatcher[] = [];

  constructor(
    readonly info: CoreInfo,
    private readonly contextSwitchCycles: number,
    private readonly trace: Trace,
  ) {
    this.cspace = new CapabilitySpace(info.id);
  }

  get core(): number {
    return this.info.id;
  }

  /** Charges modelled work to this core. */
  charge(cycles: number): void {
    this.clock += cycles;
    this.counters.busyCycles += cycles;
  }

  /** Makes `disp` the running dispatcher, charging a context switch if another one ran. */
  switchTo(disp: Dispatcher): void {
    const previous = this.current;
    if (previous === disp) return;
    this.current = disp;
    if (previous === null) return;
    const start = this.clock;
    this.charge(this.contextSwitchCycles);
    this.counters.contextSwitches++;
    if (this.trace.enabled) this.trace.slice(disp, 'sched', 'context switch', start, this.contextSwitchCycles, { from: previous.name });
  }

  /** The name of this core in reports and traces. */
  describe(): string {
    return `core ${this.info.id} (socket ${this.info.socket}, node ${this.info.node})`;
  }
}
