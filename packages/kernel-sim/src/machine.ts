/**
 * The simulated machine: cores with their CPU drivers and monitors, domains, and the event
 * loop that runs them in virtual time.
 *
 * The loop takes the earliest event, runs it on its dispatcher's core at
 * `max(core clock, event time)` (an event for a busy core waits until the core is free),
 * dispatches the dispatcher's waitsets, and then lets the promise continuations the event
 * caused run before it goes on: it yields microtask turns until every task the event resumed
 * is parked again (the runtime's `resumes()` and `parks()`, and the machine's own count for
 * promises it settles), or else while the wakeup counter still moves. Handler-style code
 * costs no yield at all and async code a few cheap turns, never a macrotask per event.
 *
 * When is a run over? A program domain ends when its main function returns, as a Go program
 * does: its channels are closed and its services revoked. A daemon domain (a service that
 * serves forever: the nameservice, a server) lives on after its main function returns, for
 * its handlers and tasks to serve. `run()` resolves when every program domain has ended;
 * daemons never keep a finished program alive, and a later `run()` continues them. If
 * nothing is left to happen while a program domain is still alive, every dispatcher is
 * asleep: `run()` rejects with a report of what each one waits for, the simulated "all
 * goroutines are asleep - deadlock!".
 *
 * Platforms. The machine above is the simulator (`platform: 'simulated'`, the default). With
 * `platform: 'threads'` the same machine runs on worker threads instead, every core a real
 * one (threads/platform.ts): domains are spawned from entries (a module and an export,
 * since closures cannot cross threads), time is real, and `shutdown()` stops the threads.
 * The simulator takes entries too, so one application module runs on both.
 */

import {
  isFlounderError,
  observeStages,
  parks as runtimeParks,
  resumes as runtimeResumes,
  setSchedulerHooks,
  wakeups as runtimeWakeups,
  type SchedulerHooks,
} from '@flounder-ts/runtime';
import type { ChannelEndImpl } from './channel-end.js';
import { SETTLE_TURNS } from './settle.js';
import { EventQueue, type ClockMode } from './clock.js';
import { costModel, type CostModel } from './cost-model.js';
import type { ChannelReport, CountersReport } from './counters.js';
import { CpuDriver } from './cpu-driver.js';
import { Dispatcher, Domain, endDomain, newDispatcher, type DispatcherEvent } from './dispatcher.js';
import type { KernelObject } from './caps.js';
import { entrySpecifier, isDomainEntry, loadEntry, pendingResult, type DomainEntry, type DomainHandle, type DomainMain } from './entry.js';
import type { IntermonLink, Kernel } from './kernel.js';
import { MeasuredClock } from './measured-clock.js';
import { Monitor, connectMonitors } from './monitor.js';
import { Random } from './random.js';
import { Topology, type TopologyPreset, type TopologySpec } from './topology.js';
import { Trace } from './trace.js';
import { ThreadsPlatform, type DomainFailure, type ThreadsOptions } from './threads/platform.js';
import { UmpChannelEnd, createSimUmpChannel, mapSimUmpChannel, type UmpEnd } from './ump.js';

/** How a machine is built. */
export interface MachineOptions {
  /** A preset name, a shape, or a built {@link Topology}. */
  readonly topology: Topology | TopologySpec | TopologyPreset;
  /** `deterministic` (the default) or `measured`; see {@link ClockMode}. */
  readonly clock?: ClockMode;
  /** Seeds the machine's random source, which `select` also draws from during a run. */
  readonly seed?: number;
  /** Record a Chrome Trace Event trace of every send, delivery and dispatch. */
  readonly trace?: boolean;
  /** Changes to the cost model (COST_MODEL.md). */
  readonly costs?: Partial<CostModel>;
  /**
   * Where the machine runs: `'simulated'` (the default), every core in this thread in
   * virtual time; or `'threads'`, every core a worker thread, in real time.
   */
  readonly platform?: 'simulated' | 'threads';
  /** Settings of the threads platform. */
  readonly threads?: ThreadsOptions;
  /**
   * System services to start when the machine is built, in order, such as the nameservice
   * on core 0: each gets the machine and spawns its (daemon) domains.
   */
  readonly boot?: readonly ((machine: Machine) => void)[];
}

/** How a domain is spawned. */
export interface SpawnOptions {
  /** The domain's name; its dispatcher is called `name@core`. */
  readonly name: string;
  /** The core its dispatcher runs on. */
  readonly core: number;
  /** A service that must not keep `run()` from finishing (see the module comment). */
  readonly daemon?: boolean;
}

/** What a run did. */
export interface RunReport {
  /** The latest core clock, in cycles: the virtual time the run took. */
  readonly cycles: number;
  /** The same in seconds of the modelled machine. */
  readonly seconds: number;
  /** Events run by this call. */
  readonly events: number;
  /** Wall-clock milliseconds this call took. */
  readonly wallMs: number;
}

/** A task or handler failed: the machine stops and `run()` rejects with this. */
export class TaskFailedError extends Error {
  constructor(
    /** The dispatcher it ran on. */
    readonly dispatcher: string,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'TaskFailedError';
  }
}

/** Nothing can happen any more, yet program domains have not ended. */
export class DeadlockError extends Error {
  constructor(
    /** What each blocked dispatcher waits for. */
    readonly blocked: readonly { readonly dispatcher: string; readonly waits: readonly string[] }[],
  ) {
    const lines = blocked.flatMap((b) => [`  ${b.dispatcher}:`, ...b.waits.map((w) => `    ${w}`)]);
    super(`all dispatchers are asleep - deadlock!\n${lines.join('\n')}`);
    this.name = 'DeadlockError';
  }
}

/**
 * A settled promise: `TURN.then(f)` runs `f` one microtask turn later, as `await null` would,
 * without the async-context bookkeeping Node's `queueMicrotask` does for every call.
 */
const TURN: Promise<void> = Promise.resolve();

/** Events between macrotask yields, so late continuations and timers are never starved. */
const EVENTS_PER_MACROTASK = 1 << 14;

/** The simulated multicore Barrelfish. */
export class Machine implements Kernel {
  readonly topology: Topology;
  readonly costs: CostModel;
  readonly clockMode: ClockMode;
  readonly trace: Trace;
  readonly random: Random;
  /** The CPU driver of every core. */
  readonly cpus: readonly CpuDriver[];
  private readonly monitors: (Monitor | undefined)[];
  private readonly queue = new EventQueue<DispatcherEvent>();
  private readonly domains: Domain[] = [];
  private readonly ends = new Map<number, ChannelEndImpl>();
  /** The counters of ends that have closed, so that their memory can go. */
  private readonly closedEnds: ChannelReport[] = [];
  private readonly transit = new Map<number, KernelObject>();
  private nextDomain = 0;
  private nextDispatcher = 0;
  private nextChannel = 0;
  private nextObject = 0;
  private ownWakeups = 0;
  private ownParks = 0;
  private liveProgram = 0;
  private failure: Error | null = null;
  private running = false;
  /** The dispatcher whose event (or its continuations) runs now; tasks started with `go()` belong to it. */
  private current: Dispatcher | null = null;
  /** The measured clock, in measured mode. */
  private readonly measuredClock: MeasuredClock | null;
  /** Domain modules being loaded; their domains start once they have. */
  private readonly loading = new Set<Promise<void>>();
  private shutDown = false;
  /** Where the machine runs. */
  readonly platform: 'simulated' | 'threads';
  /** The threads platform, when the machine runs on it. */
  private readonly threadsPlatform: ThreadsPlatform | null = null;

  constructor(options: MachineOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('new Machine(options): options must be an object');
    const platform = options.platform ?? 'simulated';
    if (platform !== 'simulated' && platform !== 'threads') {
      throw new RangeError(`platform must be 'simulated' or 'threads', got '${String(platform)}'`);
    }
    if (platform === 'threads') {
      for (const option of ['clock', 'trace', 'costs'] as const) {
        if (options[option] !== undefined) throw new RangeError(`the '${option}' option is the simulator's; the threads platform runs in real time`);
      }
    } else if (options.threads !== undefined) {
      throw new RangeError(`the 'threads' option needs platform: 'threads'`);
    }
    this.platform = platform;
    const clock = options.clock ?? 'deterministic';
    if (clock !== 'deterministic' && clock !== 'measured') {
      throw new RangeError(`clock must be 'deterministic' or 'measured', got '${String(clock)}'`);
    }
    this.topology = Topology.from(options.topology);
    this.costs = costModel(options.costs);
    this.clockMode = clock;
    this.random = new Random(options.seed ?? 1);
    this.trace = new Trace(options.trace ?? false, this.topology.hz);
    this.measuredClock = clock === 'measured' ? new MeasuredClock(this.topology.hz, this.trace) : null;
    this.cpus = this.topology.cores.map((info) => new CpuDriver(info, this.costs.contextSwitch, this.trace));
    this.monitors = new Array<Monitor | undefined>(this.topology.size);
    if (platform === 'threads') this.threadsPlatform = new ThreadsPlatform(this.topology, options.seed ?? 1, options.threads);
    for (const start of options.boot ?? []) start(this);
  }

  // ---- domains ------------------------------------------------------------------------------

  /**
   * Creates a domain with one dispatcher on `options.core`, whose main task `main(disp)` starts
   * when the machine runs. A program domain ends when `main` returns (or its promise
   * resolves): its channels are then closed and its services revoked. A daemon domain lives
   * on to serve. A `main` that throws fails the run.
   *
   * `main` is a function (the simulator only), or an entry naming an exported function of a
   * module, which is called as `fn(disp, entry.arg)`: that works on both platforms, and the
   * handle it returns gives the function's result.
   */
  spawn(options: SpawnOptions, main: (disp: Dispatcher) => unknown): Dispatcher;
  spawn(options: SpawnOptions, entry: DomainEntry): DomainHandle;
  spawn(options: SpawnOptions, main: ((disp: Dispatcher) => unknown) | DomainEntry): Dispatcher | DomainHandle {
    if (options === null || typeof options !== 'object') throw new TypeError('spawn(options, main): options must be an object');
    const { name, core } = options;
    if (typeof name !== 'string' || name === '') throw new TypeError(`spawn: name must be a non-empty string, got ${String(name)}`);
    if (!this.topology.hasCore(core)) {
      throw new RangeError(`spawn '${name}': core ${String(core)} does not exist; ${this.topology.name} has cores 0-${this.topology.size - 1}`);
    }
    const daemon = options.daemon ?? false;
    if (isDomainEntry(main)) {
      if (this.threadsPlatform) return this.threadsPlatform.spawn(name, core, daemon, main);
      return this.spawnEntry(name, core, daemon, main);
    }
    if (this.threadsPlatform) {
      throw new TypeError(`spawn '${name}': closures cannot cross threads; on the threads platform give { module, export } naming an exported function`);
    }
    if (typeof main !== 'function') throw new TypeError(`spawn '${name}': main must be a function or { module, export }`);
    return this.spawnMain(name, core, daemon, main);
  }

  /** Spawns a domain of the simulator whose main function is `main`. */
  private spawnMain(name: string, core: number, daemon: boolean, main: (disp: Dispatcher) => unknown): Dispatcher {
    if (this.shutDown) throw new Error(`spawn '${name}': the machine has been shut down`);
    const disp = this.newDispatcher(new Domain(this.nextDomain++, name, daemon), core);
    if (!daemon) this.liveProgram++;
    disp.tasks++;
    // It starts now: at the spawning dispatcher's time during a run, else at the latest clock.
    const start = Math.max(disp.cpu.clock, this.current?.cpu.clock ?? this.now());
    this.schedule(start, {
      owner: disp,
      onEvent: () => {
        this.trace.instant(disp, 'domain', 'start', disp.cpu.clock);
        disp.runTask(() => main(disp), 'its main task', daemon ? undefined : () => this.endDomain(disp.domain));
      },
    });
    return disp;
  }

  /** Spawns a domain of the simulator from an entry: it starts once its module has loaded. */
  private spawnEntry(name: string, core: number, daemon: boolean, entry: DomainEntry): DomainHandle {
    const where = `spawn '${name}'`;
    const module = entrySpecifier(entry, where);
    const { result, resolve, reject } = pendingResult();
    const loaded: Promise<DomainMain | Error> = loadEntry(module, entry.export, where).catch((err: unknown) =>
      err instanceof Error ? err : new Error(String(err)),
    );
    const main = async (disp: Dispatcher): Promise<void> => {
      const fn = await loaded;
      try {
        if (fn instanceof Error) throw fn;
        resolve(await fn(disp, entry.arg));
      } catch (err) {
        reject(err);
        throw err;
      }
    };
    const disp = this.spawnMain(name, core, daemon, main);
    const waiting = loaded.then(() => void this.loading.delete(waiting));
    this.loading.add(waiting);
    return { name, core, dispatcher: disp.name, result };
  }

  private newDispatcher(domain: Domain, core: number): Dispatcher {
    this.domains.push(domain);
    return newDispatcher(this, this.nextDispatcher++, this.cpus[core]!, domain);
  }

  /** The monitor of `core`, started on first use. */
  monitor(core: number): Monitor {
    let monitor = this.monitors[core];
    if (!monitor) {
      const disp = this.newDispatcher(new Domain(this.nextDomain++, 'monitor', true), core);
      monitor = new Monitor(this, disp);
      this.monitors[core] = monitor;
    }
    return monitor;
  }

  private endDomain(domain: Domain): void {
    if (endDomain(domain) && !domain.daemon) this.liveProgram--;
  }

  // ---- running ------------------------------------------------------------------------------

  /**
   * Runs until every program domain has ended. Rejects with {@link TaskFailedError} when a
   * task or handler throws, and with {@link DeadlockError} when every dispatcher is asleep.
   * One machine runs at a time in a thread: the runtime's scheduler hooks are process-wide.
   */
  async run(): Promise<RunReport> {
    if (this.threadsPlatform) {
      const { report, failures } = await this.threadsPlatform.run();
      if (failures.length > 0) throw failedRun(failures);
      return report;
    }
    if (this.shutDown) throw new Error('machine.run(): the machine has been shut down');
    if (this.running) throw new Error('machine.run() is already running');
    this.running = true;
    const saved = this.installHooks();
    // With a trace, the measured clock names the runtime's stages too.
    const observer = this.measuredClock !== null && this.trace.enabled ? observeStages(this.measuredClock) : undefined;
    const wallStart = performance.now();
    let events = 0;
    try {
      for (;;) {
        events += await this.runEvents();
        // A macrotask boundary: every promise continuation there is has now run.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.failure) throw this.failure;
        if (this.liveProgram === 0) break;
        if (this.queue.size === 0 && this.loading.size > 0) {
          // A domain's module is still loading: its domain has not started yet.
          await Promise.race(this.loading);
          continue;
        }
        if (this.queue.size === 0) throw new DeadlockError(this.blocked());
      }
    } finally {
      setSchedulerHooks(saved);
      if (observer !== undefined) observeStages(observer);
      this.running = false;
      this.current = null;
    }
    const cycles = this.now();
    return { cycles, seconds: cycles / this.topology.hz, events, wallMs: performance.now() - wallStart };
  }

  /**
   * Runs events until the queue is empty, the run has failed or no program domain is left;
   * resolves with how many it ran. The loop is driven by callbacks rather than an async
   * function, so that an event whose continuations need no settling costs no promise, and
   * one that does costs a microtask per turn and nothing more.
   */
  private runEvents(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.loop = { events: 0, resolve, reject };
      this.step();
    });
  }

  /** The run of events in progress: how many it has run and how it ends. */
  private loop: { events: number; resolve: (events: number) => void; reject: (error: unknown) => void } | null = null;
  /** The settling in progress (see {@link settleTurn}). */
  private readonly settling = { seen: 0, parked: 0, quiet: 0, resumedFrom: 0, parkedFrom: 0 };

  /** Runs events until one must settle, yield or wait for a module; then arranges to go on. */
  private readonly step = (): void => {
    const loop = this.loop!;
    try {
      const queue = this.queue;
      const measured = this.measuredClock;
      while (this.failure === null && this.liveProgram > 0) {
        // A domain whose module is still loading holds the machine still, so that how long the
        // load takes in real time never shows in the simulation.
        if (this.loading.size > 0) {
          this.modulesLoaded().then(this.step, loop.reject);
          return;
        }
        if (!queue.pop()) break;
        const sink = queue.sink!;
        const disp = sink.owner;
        const cpu = disp.cpu;
        // A busy core takes the event when it is free: at max(its clock, the event's time).
        if (queue.time > cpu.clock) cpu.clock = queue.time;
        cpu.counters.events++;
        const events = ++loop.events;
        cpu.switchTo(disp);
        this.current = disp;
        const before = this.wakeupCount();
        const resumedFrom = this.resumeCount();
        measured?.beginEvent(disp);
        disp.running = true;
        sink.onEvent(queue.arg);
        disp.drain();
        disp.running = false;
        measured?.beginTasks();
        const seen = this.wakeupCount();
        if (seen !== before) {
          // Let the continuations the event caused run before the clocks move on.
          const settling = this.settling;
          settling.seen = seen;
          settling.quiet = 0;
          settling.resumedFrom = resumedFrom;
          settling.parkedFrom = settling.parked = this.parkCount();
          TURN.then(this.settleTurn);
          return;
        }
        measured?.endEvent();
        if ((events & (EVENTS_PER_MACROTASK - 1)) === 0) {
          setImmediate(this.step);
          return;
        }
      }
    } catch (err) {
      loop.reject(err);
      return;
    }
    this.loop = null;
    loop.resolve(loop.events);
  };

  /**
   * One microtask turn after an event that woke tasks. The event is over when every task it
   * resumed is parked again (as many parks since its handlers ran as resumes since it began),
   * or else when the wakeup count has stood still for {@link SETTLE_TURNS} turns (a task
   * ended, or waits for a promise the runtime does not know); see the runtime's `parks()`.
   */
  private readonly settleTurn = (): void => {
    const settling = this.settling;
    const now = this.wakeupCount();
    const parked = this.parkCount();
    const still = now === settling.seen && parked === settling.parked;
    settling.parked = parked;
    if (now !== settling.seen) {
      settling.seen = now;
      settling.quiet = 0;
    } else {
      settling.quiet++;
    }
    const resumed = this.resumeCount() - settling.resumedFrom;
    if (still && resumed > 0 && parked - settling.parkedFrom === resumed) {
      // Every task the event resumed is parked again, and nothing moved for a whole turn: a
      // task may go on after parking (a promise it made and awaits later), and a turn sees it.
      this.endSettled();
    } else if (settling.quiet === SETTLE_TURNS) {
      // One turn more, as the settling before it had, for a continuation just queued.
      TURN.then(this.endSettled);
    } else {
      TURN.then(this.settleTurn);
    }
  };

  /** The event's continuations have run: the loop goes on. */
  private readonly endSettled = (): void => {
    this.measuredClock?.endEvent();
    if ((this.loop!.events & (EVENTS_PER_MACROTASK - 1)) === 0) setImmediate(this.step);
    else this.step();
  };

  /** Waits until every domain module being loaded has loaded and its domain's main function has gone on. */
  private async modulesLoaded(): Promise<void> {
    while (this.loading.size > 0) await Promise.all(this.loading);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private wakeupCount(): number {
    return this.ownWakeups + runtimeWakeups();
  }

  /** Tasks resumed: the runtime's, and those waiting on a promise of the machine's (`wakeup`). */
  private resumeCount(): number {
    return this.ownWakeups + runtimeResumes();
  }

  /** Tasks parked: the runtime's, and those waiting on a promise of the machine's. */
  private parkCount(): number {
    return this.ownParks + runtimeParks();
  }

  private installHooks(): SchedulerHooks {
    return setSchedulerHooks({
      random: () => this.random.next(),
      taskContext: () => this.current,
      onTaskFailure: (error, context) => {
        const disp = context instanceof Dispatcher ? context : this.current;
        if (disp) this.fail(disp, error, 'a task started with go()');
        else this.failure ??= error instanceof Error ? error : new Error(String(error));
      },
    });
  }

  // ---- services for the rest of the machine ---------------------------------------------------

  /** Schedules `sink.onEvent(arg)` at `time` on its owner's core. */
  schedule(time: number, sink: DispatcherEvent, arg = 0): void {
    this.queue.push(time, sink, arg);
  }

  after(cycles: number, event: DispatcherEvent): void {
    this.measuredClock?.sync(event.owner.cpu);
    this.queue.push(event.owner.cpu.clock + cycles, event, 0);
  }

  time(cpu: CpuDriver): number {
    this.measuredClock?.sync(cpu);
    return cpu.clock;
  }

  compute(cpu: CpuDriver, cycles: number): void {
    cpu.charge(cycles);
  }

  intermon(from: Monitor, core: number): IntermonLink {
    return connectMonitors(from, this.monitor(core), this.transit);
  }

  coreAlive(core: number): boolean {
    return this.topology.hasCore(core);
  }

  createUmpChannel(disp: Dispatcher, slots: number): { end: UmpEnd; object: KernelObject } {
    return createSimUmpChannel(disp, slots);
  }

  mapUmpChannel(disp: Dispatcher, object: KernelObject, announce: boolean): UmpEnd {
    return mapSimUmpChannel(disp, object, announce);
  }

  /**
   * In measured mode, makes the methods `names` of `target` the machine's own work: the code
   * before a call is charged first, so the operation happens when the code reached it, and
   * the call itself is left out of what the calling dispatcher is charged (the cost model
   * prices it).
   */
  timeAsKernel<T extends object>(target: T, names: readonly (keyof T & string)[]): void {
    const clock = this.measuredClock;
    if (clock === null) return;
    for (const name of names) {
      const method = target[name] as (...args: unknown[]) => unknown;
      const timed = (...args: unknown[]): unknown => {
        clock.enterKernel();
        try {
          return method.apply(target, args);
        } finally {
          clock.leaveKernel();
        }
      };
      Object.defineProperty(target, name, { value: timed, configurable: true, writable: true });
    }
  }

  enterStage(stage: string): void {
    this.measuredClock?.enter(stage);
  }

  leaveStage(): void {
    this.measuredClock?.leave();
  }

  /** Wraps a promise's settle function so that settling it counts as a wakeup. */
  wakeup<A extends unknown[]>(settle: (...args: A) => void): (...args: A) => void {
    this.ownParks++;
    return (...args: A) => {
      this.ownWakeups++;
      settle(...args);
    };
  }

  /** Records the first failure; the run stops after the current event. */
  fail(disp: Dispatcher, error: unknown, what: string): void {
    if (this.failure) return;
    const detail = error instanceof Error ? error.message : String(error);
    const code = isFlounderError(error) ? ` [${error.code}]` : '';
    this.failure = new TaskFailedError(disp.name, `${what} on dispatcher ${disp.name} failed${code}: ${detail}`, error);
  }

  nextChannelId(): number {
    return ++this.nextChannel;
  }

  nextObjectId(): number {
    return ++this.nextObject;
  }

  /** Registers a channel end, for counters and for caps the monitors deliver to it. */
  addEnd(end: ChannelEndImpl): void {
    this.ends.set(end.id, end);
  }

  /** Forgets a closed end, keeping its counters. */
  retireEnd(end: ChannelEndImpl): void {
    if (this.ends.delete(end.id)) this.closedEnds.push(end.report());
  }

  /** The UMP end `id` on `core`, if there is one. */
  umpEnd(core: number, id: number): UmpChannelEnd | undefined {
    const end = this.ends.get(id);
    return end instanceof UmpChannelEnd && end.dispatcher.core === core ? end : undefined;
  }

  // ---- observing ------------------------------------------------------------------------------

  /** The latest clock of any core, in cycles. */
  now(): number {
    let max = 0;
    for (const cpu of this.cpus) if (cpu.clock > max) max = cpu.clock;
    return max;
  }

  /**
   * Stops the machine: on threads every worker thread is terminated and this resolves when
   * none is left; domains still running are lost. A shut-down machine runs no more.
   */
  async shutdown(): Promise<void> {
    this.shutDown = true;
    this.queue.clear();
    await this.threadsPlatform?.shutdown();
  }

  /**
   * A snapshot of every core's and every channel end's counters; on threads, as the last
   * `run()` left them.
   */
  counters(): CountersReport {
    if (this.threadsPlatform) return this.threadsPlatform.counters();
    return {
      cores: this.cpus.map((cpu) => ({ core: cpu.core, clock: cpu.clock, ...cpu.counters })),
      channels: [...this.closedEnds, ...[...this.ends.values()].map((end) => end.report())].sort((a, b) => a.id - b.id),
    };
  }

  /** The dispatchers of program domains that have not ended, and what each waits for. */
  private blocked(): { dispatcher: string; waits: string[] }[] {
    return this.domains
      .filter((d) => !d.daemon && !d.ended)
      .flatMap((d) => d.dispatchers.map((disp) => ({ dispatcher: disp.name, waits: disp.describeBlocked() })));
  }
}

/** The error of a threads run in which domains failed: the first failure, and all of them. */
function failedRun(failures: readonly DomainFailure[]): TaskFailedError {
  const first = failures[0]!;
  if (failures.length === 1) return new TaskFailedError(first.dispatcher, first.error.message, first.error);
  const lines = failures.map((f) => `  ${f.dispatcher}: ${f.error.message}`);
  return new TaskFailedError(first.dispatcher, `${failures.length} domains failed:\n${lines.join('\n')}`, failures.map((f) => f.error));
}
