/**
 * The kernel of one worker thread of a threads machine: the cores it hosts, their
 * dispatchers and monitors, and the loop that runs them in real time.
 *
 * Everything per core is the simulator's own code (dispatchers, waitsets, LMP, monitors,
 * capability spaces) behind the `Kernel` interface; what differs is time and the
 * interconnect. Events run in the order they are scheduled, as soon as the thread is free;
 * timers are real timers. UMP ends are polled on every turn of the loop, the way
 * Barrelfish's `disp_run` polls them, and their handlers run right there, inside their
 * dispatcher. The loop lets promise continuations run whenever the runtime's wakeup counter
 * moves (as the simulator does) and on every turn without work, yields to the event loop
 * about once a millisecond for ports and timers, and after `spinMicros` without work goes
 * to sleep on its doorbell.
 *
 * A task or handler that throws takes down its own domain, not the thread: its channels
 * close, its peers are told, and the main thread hears of it.
 */

import { isFlounderError, setSchedulerHooks, wakeups as runtimeWakeups, type CapRef } from '@flounder-ts/runtime';
import type { KernelObject } from '../caps.js';
import type { ChannelEndImpl } from '../channel-end.js';
import { costModel } from '../cost-model.js';
import type { ChannelReport, CountersReport } from '../counters.js';
import { CpuDriver } from '../cpu-driver.js';
import { Dispatcher, Domain, endDomain, newDispatcher, type DispatcherEvent } from '../dispatcher.js';
import type { DomainMain } from '../entry.js';
import type { IntermonLink, Kernel } from '../kernel.js';
import { Monitor, connectMonitors } from '../monitor.js';
import { Random } from '../random.js';
import { settle } from '../settle.js';
import { Topology } from '../topology.js';
import { Trace } from '../trace.js';
import { UmpEnd } from '../ump.js';
import { Doorbells } from './doorbells.js';
import { ObjectTable, PortLink, type IntermonMessage } from './intermon.js';
import type { FromWorker, WireError, WorkerSetup } from './protocol.js';
import { ThreadUmpChannelEnd, createThreadUmpChannel, mapThreadUmpChannel, type UmpHost } from './ump.js';

/** Milliseconds between yields to the event loop while the thread is busy. */
const YIELD_MS = 1;
/** Turns without work before the loop lets microtasks run: often enough for them, seldom enough to poll fast. */
const IDLE_TURNS_PER_MICROTASK = 32;
/**
 * Turns without news after which an end is cold, and polled on one turn in `COLD_EVERY_MASK + 1`
 * (each on its own turn): Barrelfish polls every channel on every turn, which makes a turn
 * as slow as the channels are many, and the few that carry traffic wait on the many that
 * do not. A cold end's first message waits a few more turns; its next ones do not.
 */
const QUIET_TURNS = 1024;
const COLD_EVERY_MASK = 15;
/** Loop turns between looks at the clock. */
const TURNS_PER_CHECK = 256;

/** What the loop waits for between runs of turns: microtask turns until the runtime's wakeups settle, one microtask turn, the doorbell, the event loop, or nothing more (stopped). */
type Pause = typeof SETTLE | typeof MICROTASK | typeof SLEEP | typeof YIELD | typeof STOPPED;
const SETTLE = 1;
const MICROTASK = 2;
const SLEEP = 3;
const YIELD = 4;
const STOPPED = 5;

// What the loop runs inside a dispatcher (module functions, so that no closure is made per event).
const runEvent = (sink: DispatcherEvent, arg: number): void => sink.onEvent(arg);
const pollEnd = (end: ThreadUmpChannelEnd): void => end.poll();
const deliverClose = (end: ThreadUmpChannelEnd): void => end.deliverClose();

/** An event that runs `fn` on a dispatcher. */
class Callback implements DispatcherEvent {
  constructor(
    readonly owner: Dispatcher,
    private readonly fn: () => void,
  ) {}

  onEvent(): void {
    this.fn();
  }
}

export class ThreadKernel implements Kernel, UmpHost {
  readonly topology: Topology;
  readonly costs = costModel();
  readonly trace: Trace;
  readonly random: Random;
  readonly thread: number;
  readonly doorbells: Doorbells;
  private readonly setup: WorkerSetup;
  private readonly cpus = new Map<number, CpuDriver>();
  private readonly monitors = new Map<number, Monitor>();
  private readonly ends = new Map<number, ChannelEndImpl>();
  private readonly closedEnds: ChannelReport[] = [];
  /** The UMP ends this thread polls. */
  private polled: ThreadUmpChannelEnd[] = [];
  /** Caps between monitors of this thread's cores. */
  private readonly transit = new Map<number, KernelObject>();
  /** Kernel objects that crossed threads. */
  private readonly objects = new ObjectTable();
  private readonly deadCores = new Set<number>();
  /**
   * The main thread's number of each domain started here, kept when it ends: a task it left
   * behind may still fail, and the run hears of it.
   */
  private readonly domainIds = new Map<Domain, number>();
  /** The run queue: events in the order they were scheduled. */
  private readonly sinks: DispatcherEvent[] = [];
  private readonly args: number[] = [];
  private head = 0;
  private ownWakeups = 0;
  private seenWakeups = 0;
  /** The closes towards this thread already looked at. */
  private closesSeen = 0;
  private current: Dispatcher | null = null;
  private asleep = false;
  private stopped = false;
  /** The loop's turns so far, the last that found work, and since when it has found none (ms, or -1). */
  private turn = 0;
  private lastWork = 0;
  private idleSince = -1;
  /** When the loop last let the event loop run (ms). */
  private lastYield = performance.now();
  /** How long the loop spins without work before it sleeps (ms). */
  private readonly spinMs: number;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly epochMs: number;
  private readonly hzPerMs: number;

  constructor(
    setup: WorkerSetup,
    /** Tells the main thread something. */
    private readonly report: (message: FromWorker) => void,
  ) {
    this.setup = setup;
    this.thread = setup.thread;
    this.topology = Topology.from(setup.topology);
    this.trace = new Trace(false, this.topology.hz);
    this.random = new Random((setup.seed + Math.imul(setup.thread, 0x9e3779b9)) | 0);
    this.doorbells = new Doorbells(setup.doorbells);
    this.epochMs = setup.epochMs;
    this.spinMs = setup.spinMicros / 1000;
    this.hzPerMs = this.topology.hz / 1000;
    setup.coreThreads.forEach((thread, core) => {
      if (thread === setup.thread) this.cpus.set(core, new CpuDriver(this.topology.cores[core]!, this.costs.contextSwitch, this.trace));
    });
    setSchedulerHooks({
      random: () => this.random.next(),
      taskContext: () => this.current,
      onTaskFailure: (error, context) => {
        const disp = context instanceof Dispatcher ? context : this.current;
        if (disp) this.fail(disp, error, 'a task started with go()');
        else throw error;
      },
    });
  }

  // ---- domains ------------------------------------------------------------------------------

  /** Starts domain `id` on `core` with `main`; the main thread hears when main returns or fails. */
  spawn(id: number, name: string, core: number, daemon: boolean, main: DomainMain, arg: unknown): void {
    const domain = new Domain(id, name, daemon);
    this.domainIds.set(domain, id);
    const disp = newDispatcher(this, this.doorbells.nextDispatcherId(), this.cpu(core), domain);
    disp.tasks++;
    let value: unknown;
    const run = (): unknown => {
      const result = main(disp, arg);
      if (result instanceof Promise) return result.then((v: unknown) => void (value = v));
      value = result;
      return undefined;
    };
    this.schedule(0, new Callback(disp, () => disp.runTask(run, 'its main task', () => this.returned(domain, value))));
  }

  /** Tells the main thread that a domain could not start. */
  refuse(id: number, name: string, core: number, error: unknown): void {
    this.report({ kind: 'failed', id, dispatcher: `${name}@${core}`, error: wireError(error) });
  }

  private returned(domain: Domain, value: unknown): void {
    const id = this.domainIds.get(domain)!;
    try {
      this.report({ kind: 'returned', id, value });
    } catch (err) {
      this.report({ kind: 'failed', id, dispatcher: domain.dispatchers[0]!.name, error: wireError(new TypeError(`its main function returned a value that cannot be copied to the main thread: ${(err as Error).message}`)) });
    }
    if (!domain.daemon) endDomain(domain);
  }

  fail(disp: Dispatcher, error: unknown, what: string): void {
    const domain = disp.domain;
    const id = this.domainIds.get(domain);
    // A failure of the kernel's own domains (a monitor) is a bug: it takes the thread down.
    if (id === undefined) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    const code = isFlounderError(error) ? ` [${error.code}]` : '';
    this.report({
      kind: 'failed',
      id,
      dispatcher: disp.name,
      error: { ...wireError(error), message: `${what} on dispatcher ${disp.name} failed${code}: ${detail}` },
    });
    endDomain(domain);
  }

  /** The monitor of `core`, started on first use. */
  monitor(core: number): Monitor {
    let monitor = this.monitors.get(core);
    if (!monitor) {
      const disp = newDispatcher(this, this.doorbells.nextDispatcherId(), this.cpu(core), new Domain(this.doorbells.nextDomainId(), 'monitor', true));
      monitor = new Monitor(this, disp);
      this.monitors.set(core, monitor);
    }
    return monitor;
  }

  private cpu(core: number): CpuDriver {
    const cpu = this.cpus.get(core);
    if (!cpu) throw new Error(`thread ${this.thread} does not run core ${core}`);
    return cpu;
  }

  // ---- the Kernel interface ---------------------------------------------------------------

  schedule(_time: number, sink: DispatcherEvent, arg = 0): void {
    this.sinks.push(sink);
    this.args.push(arg);
    if (this.asleep) {
      this.asleep = false;
      this.doorbells.ring(this.thread);
    }
  }

  after(cycles: number, event: DispatcherEvent): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.schedule(0, event);
    }, cycles / this.hzPerMs);
    this.timers.add(timer);
  }

  time(_cpu: CpuDriver): number {
    return (performance.timeOrigin + performance.now() - this.epochMs) * this.hzPerMs;
  }

  compute(cpu: CpuDriver, cycles: number): void {
    // The core is real: modelled work takes real time.
    const until = performance.now() + cycles / this.hzPerMs;
    while (performance.now() < until);
    cpu.counters.busyCycles += cycles;
  }

  wakeup<A extends unknown[]>(settle: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      this.ownWakeups++;
      settle(...args);
    };
  }

  timeAsKernel(): void {}

  nextChannelId(): number {
    return this.doorbells.nextChannelId();
  }

  nextObjectId(): number {
    return this.doorbells.nextObjectId();
  }

  addEnd(end: ChannelEndImpl): void {
    this.ends.set(end.id, end);
    if (end instanceof ThreadUmpChannelEnd) this.polled.push(end);
  }

  retireEnd(end: ChannelEndImpl): void {
    if (!this.ends.delete(end.id)) return;
    this.closedEnds.push(end.report());
    if (end instanceof ThreadUmpChannelEnd) this.polled = this.polled.filter((e) => e !== end);
  }

  umpEnd(core: number, id: number): UmpEnd | undefined {
    const end = this.ends.get(id);
    return end instanceof UmpEnd && end.dispatcher.core === core ? end : undefined;
  }

  intermon(from: Monitor, core: number): IntermonLink {
    if (this.cpus.has(core)) return connectMonitors(from, this.monitor(core), this.transit);
    const port = this.setup.ports[this.setup.coreThreads[core]!]!;
    return new PortLink(from, core, port, this.objects);
  }

  coreAlive(core: number): boolean {
    return this.topology.hasCore(core) && !this.deadCores.has(core);
  }

  createUmpChannel(disp: Dispatcher, slots: number): { end: UmpEnd; object: KernelObject } {
    return createThreadUmpChannel(this, disp, slots);
  }

  mapUmpChannel(disp: Dispatcher, object: KernelObject): UmpEnd {
    return mapThreadUmpChannel(this, disp, object);
  }

  // ---- news from other threads --------------------------------------------------------------

  /** An intermon message from a monitor on another thread. */
  receiveIntermon(message: IntermonMessage): void {
    const monitor = this.monitor(message.to);
    const disp = monitor.dispatcher;
    this.schedule(
      0,
      new Callback(disp, () => {
        let cap: CapRef | null = null;
        if (message.object) cap = disp.cpu.cspace.insert(this.objects.fromWire(message.object), disp.domain);
        monitor.receiveIntermon(message.from, message.type, message.args, cap);
      }),
    );
  }

  /** The thread `thread`, which ran `cores`, died: its channels and its monitors are gone. */
  threadDied(thread: number, cores: readonly number[], reason: string): void {
    for (const core of cores) this.deadCores.add(core);
    for (const end of this.polled) {
      if (end.peerThreadIndex === thread) this.schedule(0, new Callback(end.dispatcher, () => end.peerDied(reason)));
    }
    for (const monitor of this.monitors.values()) {
      this.schedule(0, new Callback(monitor.dispatcher, () => cores.forEach((core) => monitor.coreDied(core))));
    }
  }

  /** The counters of the cores of this thread and of their channel ends. */
  counters(): CountersReport {
    return {
      cores: [...this.cpus.values()].map((cpu) => ({ core: cpu.core, clock: this.time(cpu), ...cpu.counters })),
      channels: [...this.closedEnds, ...[...this.ends.values()].map((end) => end.report())],
    };
  }

  // ---- the loop -----------------------------------------------------------------------------

  /** Runs until {@link stop}. */
  async run(): Promise<void> {
    for (;;) {
      switch (this.turns()) {
        case SETTLE:
          this.seenWakeups = await settle(this.wakeupCounter);
          break;
        case MICROTASK:
          // Nothing to do for a while: a microtask turn for continuations the runtime does not
          // count (a plain promise a handler resolved), which would otherwise wait for the next yield.
          await null;
          break;
        case SLEEP: {
          this.asleep = true;
          const slept = await this.doorbells.sleep(this.thread, () => this.idle());
          this.asleep = false;
          this.idleSince = -1;
          if (slept) this.lastYield = performance.now();
          break;
        }
        case YIELD:
          await new Promise<void>((resolve) => setImmediate(resolve));
          this.lastYield = performance.now();
          break;
        case STOPPED:
          return;
      }
    }
  }

  /**
   * Runs turns of the loop until one must wait for something outside it, and says what. A
   * function of its own, without `await`, so that the engine optimizes the loop as a whole.
   */
  private turns(): Pause {
    for (;;) {
      if (this.stopped) return STOPPED;
      const turn = ++this.turn;
      if (this.runQueued() || this.poll()) this.lastWork = turn;
      let pause: Pause | 0 = 0;
      if (this.wakeupCount() !== this.seenWakeups) {
        this.lastWork = turn;
        pause = SETTLE;
      } else if (this.lastWork !== turn && (turn - this.lastWork) % IDLE_TURNS_PER_MICROTASK === 0) {
        pause = MICROTASK;
      }
      if (turn % TURNS_PER_CHECK === 0) {
        const now = performance.now();
        if (turn - this.lastWork < TURNS_PER_CHECK) this.idleSince = -1;
        else if (this.idleSince < 0) this.idleSince = now;
        else if (now - this.idleSince >= this.spinMs) return SLEEP;
        if (now - this.lastYield >= YIELD_MS) return YIELD;
      }
      if (pause !== 0) return pause;
    }
  }

  /** Ends the loop and the timers. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.doorbells.ring(this.thread);
  }

  /** Runs the queued events; returns whether there were any. */
  private runQueued(): boolean {
    if (this.head === this.sinks.length) return false;
    while (this.head < this.sinks.length) {
      const sink = this.sinks[this.head]!;
      const arg = this.args[this.head]!;
      this.head++;
      sink.owner.cpu.counters.events++;
      this.inside(sink.owner, runEvent, sink, arg);
    }
    this.sinks.length = 0;
    this.args.length = 0;
    this.head = 0;
    return true;
  }

  /**
   * Polls every UMP end, and runs the handlers of those with news inside their dispatcher;
   * after a close towards this thread, looks for closed peers first. Returns whether any end
   * had news. An end whose peer has closed and whose ring is empty can have no more news: it
   * is polled no more (a receive still finds what was left, and caps come through the monitors).
   */
  private poll(): boolean {
    const closes = this.doorbells.closes(this.thread);
    let fired = closes !== this.closesSeen && this.lookForClosed(closes);
    const polled = this.polled;
    const coldTurn = this.turn & COLD_EVERY_MASK;
    for (let i = 0; i < polled.length; i++) {
      const end = polled[i]!;
      if (end.quietTurns >= QUIET_TURNS && (i & COLD_EVERY_MASK) !== coldTurn) continue;
      if (!end.hasNews()) {
        end.quietTurns++;
        if (end.peerClosed && end.silent()) polled.splice(i--, 1);
        continue;
      }
      end.quietTurns = 0;
      fired = true;
      this.inside(end.dispatcher, pollEnd, end);
    }
    return fired;
  }

  /**
   * Tells the ends whose peer has closed, each inside its dispatcher (and only those: entering
   * a dispatcher is a context switch); returns whether there were any.
   */
  private lookForClosed(closes: number): boolean {
    this.closesSeen = closes;
    let fired = false;
    for (const end of this.polled) {
      if (!end.closeArrived()) continue;
      fired = true;
      this.inside(end.dispatcher, deliverClose, end);
    }
    return fired;
  }

  /**
   * Runs `work` inside `disp`: switched to, as the current dispatcher, and then what the work
   * made runnable there.
   */
  private inside<S>(disp: Dispatcher, work: (subject: S, arg: number) => void, subject: S, arg = 0): void {
    disp.cpu.switchTo(disp);
    this.current = disp;
    disp.running = true;
    try {
      work(subject, arg);
      disp.drain();
    } finally {
      disp.running = false;
    }
  }

  /** Whether there is nothing to do: the last look before sleeping. */
  private idle(): boolean {
    if (this.stopped || this.head < this.sinks.length || this.wakeupCount() !== this.seenWakeups) return false;
    if (this.doorbells.closes(this.thread) !== this.closesSeen) return false;
    for (const end of this.polled) if (end.hasNews()) return false;
    return true;
  }

  private readonly wakeupCounter = (): number => this.wakeupCount();

  private wakeupCount(): number {
    return this.ownWakeups + runtimeWakeups();
  }
}

/** An error as it crosses to the main thread. */
export function wireError(error: unknown): WireError {
  if (error instanceof Error) {
    return isFlounderError(error) ? { name: error.name, message: error.message, code: error.code } : { name: error.name, message: error.message };
  }
  return { name: 'Error', message: String(error) };
}

