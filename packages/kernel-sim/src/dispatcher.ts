/**
 * Domains and dispatchers.
 *
 * A domain is the unit of protection: it holds capabilities and exports services. It has one
 * dispatcher, on the core it was spawned on (Barrelfish lets a domain span cores with more
 * dispatchers; nothing here needs that yet). The dispatcher is what the CPU driver
 * schedules: its tasks, its waitsets and its channel ends all charge their work to its core.
 *
 * A dispatcher runs when the machine fires one of its events. At the end of every such
 * event it dispatches its waitsets (libbarrelfish's `disp_run`); something that triggers an
 * event from outside one of its events (a task continuing after an `await`) schedules a run.
 */

import {
  FlounderError,
  type AcceptHandler,
  type BindOptions,
  type CapIdentity,
  type CapRef,
  type ChannelEnd,
  type CreatableCapType,
  type Dispatcher as RuntimeDispatcher,
  type DomainInfo,
  type Iref,
} from '@flounder-ts/runtime';
import { KernelObject, type CapHolder } from './caps.js';
import type { EventSink } from './clock.js';
import type { CpuDriver } from './cpu-driver.js';
import type { ChannelEndImpl } from './channel-end.js';
import { createEndpoint, connectEndpoint } from './endpoint.js';
import type { Kernel } from './kernel.js';
import type { MonitorClient } from './monitor.js';
import { NameServiceClient } from './nameservice/client.js';
import { Waitset } from './waitset.js';

/** An event that runs on a dispatcher, charged to its core. */
export interface DispatcherEvent extends EventSink {
  readonly owner: Dispatcher;
}

/** A domain: a protection domain with its dispatcher. */
export class Domain implements DomainInfo, CapHolder {
  readonly dispatchers: Dispatcher[] = [];
  /** Whether its main function has returned. */
  ended = false;

  constructor(
    readonly id: number,
    readonly name: string,
    /**
     * A service domain (the nameservice, servers): it lives on after its main function
     * returns, and `machine.run()` does not wait for it.
     */
    readonly daemon: boolean,
  ) {}
}

/** Starts a dispatcher of `domain` on `cpu`: named in the trace, bound to its core's monitor. */
export function newDispatcher(kernel: Kernel, id: number, cpu: CpuDriver, domain: Domain): Dispatcher {
  const disp = new Dispatcher(id, kernel, cpu, domain);
  cpu.dispatchers.push(disp);
  kernel.trace.nameDispatcher(disp, disp.name, cpu.describe());
  if (domain.name !== 'monitor') disp.monitor = kernel.monitor(cpu.core).attach(disp);
  return disp;
}

/**
 * Ends `domain` unless it has ended already: its channels close (the peers are told) and its
 * services are revoked. Returns whether it was still running.
 */
export function endDomain(domain: Domain): boolean {
  if (domain.ended) return false;
  domain.ended = true;
  for (const disp of domain.dispatchers) {
    const kernel = disp.machine;
    kernel.trace.instant(disp, 'domain', 'end', disp.cpu.clock);
    for (const end of [...disp.ends]) end.close();
    kernel.monitor(disp.core).revoke(disp);
  }
  return true;
}

/** Runs `fn` as an event of its dispatcher; used once per task and per timer. */
class TaskEvent implements DispatcherEvent {
  constructor(
    readonly owner: Dispatcher,
    private readonly fn: () => void,
  ) {}

  onEvent(): void {
    this.fn();
  }
}

/** A dispatcher on one core. */
export class Dispatcher implements RuntimeDispatcher, DispatcherEvent {
  readonly name: string;
  readonly core: number;
  readonly waitset: Waitset;
  readonly hz: number;
  /** Channel ends this dispatcher owns and has not closed. */
  readonly ends = new Set<ChannelEndImpl>();
  /** Its binding to the monitor of its core; set when the machine spawns it. */
  monitor!: MonitorClient;
  /** Tasks started and not yet finished, the main task included. */
  tasks = 0;
  /** Whether an event of this dispatcher is running now. */
  running = false;
  private runScheduled = false;
  private nameServiceClient: NameServiceClient | undefined = undefined;
  /** Waitsets other than the default one with events to dispatch. */
  private readonly runList: Waitset[] = [];
  private readonly waitsets: Waitset[] = [];

  constructor(
    readonly id: number,
    /** The kernel around this dispatcher's core: the simulated machine, or a worker thread's. */
    readonly machine: Kernel,
    readonly cpu: CpuDriver,
    readonly domain: Domain,
  ) {
    this.core = cpu.core;
    this.name = `${domain.name}@${cpu.core}`;
    this.hz = machine.topology.hz;
    this.waitset = new Waitset(this, true, `${this.name}/default`);
    domain.dispatchers.push(this);
  }

  /** Dispatchers are the owners of their own run events. */
  get owner(): Dispatcher {
    return this;
  }

  /** Whether the domain has ended. */
  get ended(): boolean {
    return this.domain.ended;
  }

  // ---- running -------------------------------------------------------------------------

  /** A run event: the loop dispatches the waitsets when it ends. */
  onEvent(): void {
    this.runScheduled = false;
  }

  /** Marks `ws` as having events to dispatch and makes sure the dispatcher will run. */
  kick(ws: Waitset): void {
    if (!ws.queued) {
      ws.queued = true;
      if (ws !== this.waitset) this.runList.push(ws);
    }
    if (!this.running && !this.runScheduled) {
      this.runScheduled = true;
      this.machine.schedule(this.cpu.clock, this);
    }
  }

  /** Dispatches every waitset with work (`disp_run`); the machine calls it after each event. */
  drain(): void {
    const main = this.waitset;
    for (;;) {
      let ws: Waitset | undefined = main;
      if (!main.queued) {
        ws = this.runList.pop();
        if (ws === undefined) return;
      }
      ws.queued = false;
      ws.dispatchPending();
    }
  }

  /** Runs one event handler, charging the dispatch and tracing it. */
  runHandler(handler: () => void, label: string): void {
    const cpu = this.cpu;
    const machine = this.machine;
    const start = cpu.clock;
    cpu.charge(machine.costs.dispatch);
    machine.enterStage?.('handler');
    try {
      handler();
    } catch (err) {
      machine.fail(this, err, `the handler of ${label}`);
    }
    machine.leaveStage?.();
    const trace = machine.trace;
    if (trace.enabled) trace.slice(this, 'dispatch', 'dispatch', start, cpu.clock - start, { channel: label });
  }

  // ---- the runtime's Dispatcher --------------------------------------------------------

  createWaitset(): Waitset {
    const ws = new Waitset(this, false, `${this.name}/ws${this.waitsets.length + 1}`);
    this.waitsets.push(ws);
    return ws;
  }

  now(): number {
    return this.machine.time(this.cpu);
  }

  compute(cycles: number): void {
    if (!(Number.isFinite(cycles) && cycles >= 0)) {
      throw new RangeError(`compute(${String(cycles)}): cycles must be a number >= 0`);
    }
    this.machine.compute(this.cpu, cycles);
  }

  sleep(cycles: number): Promise<void> {
    if (!(Number.isFinite(cycles) && cycles >= 0)) {
      return Promise.reject(new RangeError(`sleep(${String(cycles)}): cycles must be a number >= 0`));
    }
    return new Promise((resolve) => {
      this.machine.after(cycles, new TaskEvent(this, this.machine.wakeup(resolve)));
    });
  }

  go(task: () => unknown): void {
    if (typeof task !== 'function') throw new TypeError(`${this.name}: go() needs a function, got ${typeof task}`);
    this.tasks++;
    this.machine.schedule(this.cpu.clock, new TaskEvent(this, () => this.runTask(task, 'a task')));
  }

  /** Runs a task now, counting it until it settles; a failure fails the machine. */
  runTask(task: () => unknown, what: string, done?: () => void): void {
    let result: unknown;
    try {
      result = task();
    } catch (err) {
      this.tasks--;
      this.machine.fail(this, err, what);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        () => {
          this.tasks--;
          done?.();
        },
        (err: unknown) => {
          this.tasks--;
          this.machine.fail(this, err, what);
        },
      );
    } else {
      this.tasks--;
      done?.();
    }
  }

  exportService(accept: AcceptHandler): Promise<Iref> {
    if (typeof accept !== 'function') {
      return Promise.reject(new TypeError(`${this.name}: exportService() needs an accept handler function`));
    }
    return this.monitor.exportService(accept);
  }

  bind(iref: Iref, options: BindOptions = {}): Promise<ChannelEnd> {
    return this.monitor.bind(iref, options);
  }

  nameServiceIref(): Promise<Iref> {
    return this.monitor.getNameIref();
  }

  setNameServiceIref(iref: Iref): Promise<void> {
    return this.monitor.setNameIref(iref);
  }

  /** This domain's client of the nameservice, made on first use. */
  get nameService(): NameServiceClient {
    return (this.nameServiceClient ??= new NameServiceClient(this));
  }

  random(): number {
    return this.machine.random.next();
  }

  // ---- capabilities --------------------------------------------------------------------

  createCap(type: CreatableCapType, bytes = 4096): CapRef {
    if (type !== 'Frame' && type !== 'RAM' && type !== 'VNode_x86_64_ptable') {
      throw new FlounderError('SYS_ERR_TYPE_NOT_CREATABLE', `'${String(type)}' caps cannot be created; creatable: Frame, RAM, VNode_x86_64_ptable`);
    }
    if (!(Number.isInteger(bytes) && bytes > 0)) {
      throw new FlounderError('SYS_ERR_INVALID_SIZE', `a ${type} needs a positive whole number of bytes, got ${String(bytes)}`);
    }
    const size = type === 'VNode_x86_64_ptable' ? 4096 : bytes;
    return this.cpu.cspace.insert(new KernelObject(this.machine.nextObjectId(), type, size), this.domain);
  }

  copyCap(cap: CapRef): CapRef {
    const slot = this.cpu.cspace.lookup(cap, this.domain);
    return this.cpu.cspace.insert(slot.object!, this.domain);
  }

  deleteCap(cap: CapRef): void {
    const slot = this.cpu.cspace.lookup(cap, this.domain);
    this.cpu.cspace.remove(slot, 'deleted');
  }

  identifyCap(cap: CapRef): CapIdentity {
    const object = this.cpu.cspace.lookup(cap, this.domain, 'SYS_ERR_IDENTIFY_LOOKUP').object!;
    return { type: object.type, objectId: object.id, bytes: object.type === 'EndPointLMP' ? 0 : object.bytes, description: object.describe() };
  }

  mapFrame(cap: CapRef): Uint8Array {
    const object = this.cpu.cspace.lookup(cap, this.domain).object!;
    if (object.type !== 'Frame') {
      throw new FlounderError('SYS_ERR_WRONG_MAPPING', `only a Frame cap can be mapped, not a ${object.type} cap`);
    }
    return new Uint8Array(object.buffer);
  }

  createEndpoint(kind: 'lmp' | 'ump', options: BindOptions = {}): { end: ChannelEnd; cap: CapRef } {
    return createEndpoint(this, kind, options);
  }

  connectEndpoint(cap: CapRef): ChannelEnd {
    return connectEndpoint(this, cap);
  }

  // ---- reports -------------------------------------------------------------------------

  /** What this dispatcher waits for, for the all-asleep report. */
  describeBlocked(): string[] {
    const lines = [`${this.tasks} unfinished task${this.tasks === 1 ? '' : 's'}`];
    if (this.monitor) lines.push(...this.monitor.describePending());
    for (const end of this.ends) if (!end.internal) lines.push(...end.describeWaits());
    for (const ws of [this.waitset, ...this.waitsets]) lines.push(...ws.describe().filter((l) => l.startsWith('a task')));
    return lines;
  }
}
