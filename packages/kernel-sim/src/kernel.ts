/**
 * What a core's objects (dispatchers, waitsets, channel ends, monitors) need from the kernel
 * around them: when things run, how long they take, ids, and the interconnect between cores.
 *
 * Two kernels implement it. The simulator's `Machine` runs every core in one thread in virtual
 * time. On the threads platform each worker thread runs a `ThreadKernel` for the cores it
 * hosts, in real time, and its UMP channels and intermon links reach cores on other threads.
 * Everything per core is written against this interface only, so it is the same code on both.
 */

import type { CapRef } from '@flounder-ts/runtime';
import type { KernelObject } from './caps.js';
import type { ChannelEndImpl } from './channel-end.js';
import type { CostModel } from './cost-model.js';
import type { CpuDriver } from './cpu-driver.js';
import type { Dispatcher, DispatcherEvent } from './dispatcher.js';
import type { Monitor } from './monitor.js';
import type { Random } from './random.js';
import type { Topology } from './topology.js';
import type { Trace } from './trace.js';
import type { UmpEnd } from './ump.js';

/**
 * A link between the monitors of two cores (intermon). A message is a number, a few 32-bit
 * arguments and at most one cap, which leaves the sending monitor's capability space and
 * arrives in the receiving monitor's.
 */
export interface IntermonLink {
  send(type: number, args: readonly number[], cap?: CapRef | null): void;
}

/** The kernel around a core's objects; see the module comment. */
export interface Kernel {
  readonly topology: Topology;
  readonly costs: CostModel;
  readonly trace: Trace;
  readonly random: Random;

  /**
   * Runs `sink.onEvent(arg)` on its owner's core: at `time` of that core's clock in the
   * simulator (or when the core is free), as soon as the core is free on threads.
   */
  schedule(time: number, sink: DispatcherEvent, arg?: number): void;
  /** Runs `event` once `cycles` of the core's time have passed: virtual time, or real time. */
  after(cycles: number, event: DispatcherEvent): void;
  /** The time of `cpu`'s core, in cycles. */
  time(cpu: CpuDriver): number;
  /** Spends `cycles` of modelled work on `cpu`'s core. */
  compute(cpu: CpuDriver, cycles: number): void;
  /** Wraps a promise's settle function so that settling it counts as a wakeup. */
  wakeup<A extends unknown[]>(settle: (...args: A) => void): (...args: A) => void;
  /** A task or handler of `disp` failed. */
  fail(disp: Dispatcher, error: unknown, what: string): void;
  /** Times the methods `names` of `target` as the kernel's own work (measured clock). */
  timeAsKernel<T extends object>(target: T, names: readonly (keyof T & string)[]): void;
  /** The code from now on is stage `stage` (measured clock with a trace; see measured-clock.ts). */
  enterStage?(stage: string): void;
  /** The innermost stage entered is over. */
  leaveStage?(): void;

  /** A machine-wide channel number. */
  nextChannelId(): number;
  /** A machine-wide kernel object number. */
  nextObjectId(): number;
  /** Registers a channel end, for counters and for caps the monitors deliver to it. */
  addEnd(end: ChannelEndImpl): void;
  /** Forgets a closed end, keeping its counters. */
  retireEnd(end: ChannelEndImpl): void;
  /** The UMP end `id` on `core`, if this kernel has it. */
  umpEnd(core: number, id: number): UmpEnd | undefined;

  /** The monitor of `core`, which this kernel must host. */
  monitor(core: number): Monitor;
  /** Opens an intermon link from the monitor `from` to the monitor of `core`. */
  intermon(from: Monitor, core: number): IntermonLink;
  /** Whether `core` still runs (a core whose thread died does not). */
  coreAlive(core: number): boolean;

  /** A new UMP channel frame of `slots` slots per direction, and the maker's end (side 0). */
  createUmpChannel(disp: Dispatcher, slots: number): { end: UmpEnd; object: KernelObject };
  /**
   * Maps the UMP channel frame `object` and makes `disp`'s end on side 1; `announce` tells
   * the maker's end that a peer has bound (Flounder's `bind_to_endpoint`).
   */
  mapUmpChannel(disp: Dispatcher, object: KernelObject, announce: boolean): UmpEnd;
}
