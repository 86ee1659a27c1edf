/**
 * The threads platform, as the main thread sees it: one worker thread per core (cores share
 * threads beyond `maxThreads`, core `c` on thread `c % threads`), spawning domains into them,
 * knowing when a run is over, and what happens when a thread dies.
 *
 * The main thread runs no core. Each worker runs a `ThreadKernel` for its cores; the workers
 * are joined by a MessagePort between every two of them (intermon) and by the doorbells and
 * id counters in shared memory (doorbells.ts). A run is over when every program domain has
 * ended, as in the simulator; there is no deadlock report, since real threads cannot tell
 * waiting from working.
 *
 * Faults: a worker that throws an uncaught exception or exits takes down the domains of its
 * cores and nothing else. Their results reject, the other workers learn that the thread's
 * cores are gone (their UMP channels to it report the peer closed, requests their monitors
 * passed to it are answered with `MON_ERR_NO_MONITOR_FOR_CORE`), and the rest of the machine
 * runs on; `run()` rejects once the remaining program domains have ended, naming what failed.
 */

import os from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { FlounderError, type ErrorCode } from '@flounder-ts/runtime';
import type { CountersReport } from '../counters.js';
import type { DomainEntry, DomainHandle } from '../entry.js';
import { entrySpecifier, pendingResult } from '../entry.js';
import type { Topology } from '../topology.js';
import { Doorbells } from './doorbells.js';
import { workerLaunch } from './loader.js';
import type { FromWorker, ToWorker, WireError, WorkerSetup } from './protocol.js';

/** Settings of the threads platform. */
export interface ThreadsOptions {
  /**
   * The most worker threads to start; cores beyond share them. By default the number of
   * CPUs, and at least 2 (capped at the number of cores).
   */
  readonly maxThreads?: number;
  /** How long an idle thread polls its channels before it sleeps, in microseconds (default 200). */
  readonly spinMicros?: number;
}

/** What one run of a threads machine did. */
export interface ThreadsRunReport {
  readonly cycles: number;
  readonly seconds: number;
  readonly events: number;
  readonly wallMs: number;
}

/** A failure the run reports: the dispatcher, and the error as the main thread sees it. */
export interface DomainFailure {
  readonly dispatcher: string;
  readonly error: Error;
}

const DEFAULT_SPIN_MICROS = 200;
/** How long a thread asked to stop may take before it is terminated. */
const STOP_GRACE_MS = 200;

interface DomainRecord {
  readonly id: number;
  readonly name: string;
  readonly core: number;
  readonly daemon: boolean;
  readonly thread: number;
  /** Whether its main function has returned or it failed. */
  settled: boolean;
  /** Whether it no longer runs: a program domain whose main returned, or any that failed. */
  ended: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class ThreadsPlatform {
  readonly threads: number;
  private readonly workers: Worker[] = [];
  private readonly coreThreads: number[];
  private readonly doorbells: Doorbells;
  private readonly domains = new Map<number, DomainRecord>();
  private readonly dead = new Map<number, string>();
  private readonly exited: Promise<void>[] = [];
  private readonly countersWaiting = new Map<number, (report: CountersReport | null) => void>();
  private failures: DomainFailure[] = [];
  private liveProgram = 0;
  private idleWaiters: (() => void)[] = [];
  private running = false;
  private shutDown = false;
  private lastCounters: CountersReport = { cores: [], channels: [] };
  private eventsSeen = 0;
  private readonly epochMs = performance.timeOrigin + performance.now();

  constructor(
    private readonly topology: Topology,
    seed: number,
    options: ThreadsOptions = {},
  ) {
    const { maxThreads = Math.max(2, os.availableParallelism()), spinMicros = DEFAULT_SPIN_MICROS } = options;
    if (!(Number.isInteger(maxThreads) && maxThreads >= 1)) {
      throw new RangeError(`threads.maxThreads must be a whole number >= 1, got ${String(maxThreads)}`);
    }
    if (!(Number.isFinite(spinMicros) && spinMicros >= 0)) {
      throw new RangeError(`threads.spinMicros must be a number of microseconds >= 0, got ${String(spinMicros)}`);
    }
    this.threads = Math.min(maxThreads, topology.size);
    this.coreThreads = topology.cores.map((core) => core.id % this.threads);
    this.doorbells = new Doorbells(Doorbells.memory(this.threads));

    // A port between every two threads, for their monitors.
    const ports: (MessagePort | null)[][] = Array.from({ length: this.threads }, () => new Array<MessagePort | null>(this.threads).fill(null));
    for (let a = 0; a < this.threads; a++) {
      for (let b = a + 1; b < this.threads; b++) {
        const { port1, port2 } = new MessageChannel();
        ports[a]![b] = port1;
        ports[b]![a] = port2;
      }
    }
    const launch = workerLaunch();
    for (let thread = 0; thread < this.threads; thread++) {
      const own = ports[thread]!;
      const setup: WorkerSetup = {
        thread,
        coreThreads: this.coreThreads,
        topology: topology.spec,
        seed,
        spinMicros,
        epochMs: this.epochMs,
        doorbells: this.doorbells.buffer,
        ports: own,
        ...(launch.entry !== undefined && { entry: launch.entry }),
      };
      const worker = new Worker(launch.url, {
        workerData: setup,
        transferList: own.filter((port): port is MessagePort => port !== null),
        ...(launch.execArgv && { execArgv: launch.execArgv }),
        name: `flounder core thread ${thread}`,
      });
      let thrown: Error | undefined;
      worker.on('message', (message: FromWorker) => this.fromWorker(thread, message));
      worker.on('error', (error) => (thrown = error));
      this.exited.push(new Promise((resolve) => worker.once('exit', (code) => resolve(this.exit(thread, code, thrown)))));
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** The cores that run on `thread`. */
  coresOf(thread: number): number[] {
    return this.topology.cores.map((core) => core.id).filter((core) => this.coreThreads[core] === thread);
  }

  spawn(name: string, core: number, daemon: boolean, entry: DomainEntry): DomainHandle {
    const where = `spawn '${name}'`;
    if (this.shutDown) throw new Error(`${where}: the machine has been shut down`);
    const module = entrySpecifier(entry, where);
    const id = this.doorbells.nextDomainId();
    const thread = this.coreThreads[core]!;
    const { result, resolve, reject } = pendingResult();
    const record: DomainRecord = { id, name, core, daemon, thread, settled: false, ended: false, resolve, reject };
    const lost = this.dead.get(thread);
    if (lost !== undefined) {
      record.settled = record.ended = true;
      reject(new FlounderError('MON_ERR_NO_MONITOR_FOR_CORE', `${where}: core ${core} is gone: ${lost}`));
      return { name, core, dispatcher: `${name}@${core}`, result };
    }
    const message: ToWorker = { kind: 'spawn', id, name, core, daemon, module, export: entry.export, arg: entry.arg };
    try {
      this.workers[thread]!.postMessage(message);
    } catch (err) {
      throw new TypeError(`${where}: the entry's arg cannot be copied to another thread: ${(err as Error).message}`, { cause: err });
    }
    this.domains.set(id, record);
    if (!daemon) this.liveProgram++;
    return { name, core, dispatcher: `${name}@${core}`, result };
  }

  /**
   * Runs until every program domain has ended. Rejects with the failures (each a task or
   * handler that threw, a module that would not load, a domain lost with its thread) once
   * the rest have ended.
   */
  async run(): Promise<{ report: ThreadsRunReport; failures: DomainFailure[] }> {
    if (this.shutDown) throw new Error('machine.run(): the machine has been shut down');
    if (this.running) throw new Error('machine.run() is already running');
    this.running = true;
    const start = performance.now();
    for (const worker of this.workers) worker.ref();
    try {
      await new Promise<void>((resolve) => {
        if (this.liveProgram === 0) resolve();
        else this.idleWaiters.push(resolve);
      });
      await this.collectCounters();
    } finally {
      this.running = false;
      for (const worker of this.workers) worker.unref();
    }
    const wallMs = performance.now() - start;
    const events = this.lastCounters.cores.reduce((sum, core) => sum + core.events, 0);
    const report = { cycles: (wallMs / 1000) * this.topology.hz, seconds: wallMs / 1000, events: events - this.eventsSeen, wallMs };
    this.eventsSeen = events;
    return { report, failures: this.failures.splice(0) };
  }

  /**
   * Stops every thread; resolves when none is left. Domains still running are lost. Each
   * thread is asked to stop, and terminated if it has not within {@link STOP_GRACE_MS} (a
   * domain may hold it in a loop).
   */
  async shutdown(): Promise<void> {
    if (!this.shutDown) {
      this.shutDown = true;
      // Held by the workers until they have stopped, so that the caller resumes after this.
      this.workers.forEach((worker, thread) => {
        worker.ref();
        if (!this.dead.has(thread)) worker.postMessage({ kind: 'shutdown' } satisfies ToWorker);
      });
      const grace = setTimeout(() => this.workers.forEach((worker) => void worker.terminate()), STOP_GRACE_MS);
      await Promise.all(this.exited);
      clearTimeout(grace);
    }
    await Promise.all(this.exited);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** The counters as the last run left them. */
  counters(): CountersReport {
    return this.lastCounters;
  }

  // ---- workers ------------------------------------------------------------------------------

  private fromWorker(thread: number, message: FromWorker): void {
    switch (message.kind) {
      case 'returned': {
        const record = this.domains.get(message.id);
        if (!record || record.settled) return;
        record.settled = true;
        record.resolve(message.value);
        if (!record.daemon) this.ended(record);
        return;
      }
      case 'failed': {
        const error = fromWire(message.error);
        this.failures.push({ dispatcher: message.dispatcher, error });
        const record = this.domains.get(message.id);
        if (!record) return;
        if (!record.settled) {
          record.settled = true;
          record.reject(error);
        }
        this.ended(record);
        return;
      }
      case 'counters':
        this.countersWaiting.get(thread)?.(message.report);
        return;
    }
  }

  private ended(record: DomainRecord): void {
    if (record.ended) return;
    record.ended = true;
    this.domains.delete(record.id);
    if (!record.daemon && --this.liveProgram === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** A worker has exited: on purpose at shutdown, or it died. */
  private exit(thread: number, code: number, thrown: Error | undefined): void {
    this.countersWaiting.get(thread)?.(null);
    if (this.shutDown) {
      for (const record of [...this.domains.values()]) {
        if (record.thread !== thread) continue;
        if (!record.settled) record.reject(new Error(`domain '${record.name}' on core ${record.core} was stopped: the machine was shut down`));
        record.settled = true;
        this.ended(record);
      }
      return;
    }
    const cores = this.coresOf(thread);
    const reason = `the worker thread of cores ${cores.join(', ')} ${thrown ? `threw: ${thrown.message}` : `exited with code ${code}`}`;
    this.dead.set(thread, reason);
    for (const record of [...this.domains.values()]) {
      if (record.thread !== thread) continue;
      const error = new Error(`domain '${record.name}' on core ${record.core} was lost: ${reason}`);
      this.failures.push({ dispatcher: `${record.name}@${record.core}`, error });
      if (!record.settled) record.reject(error);
      record.settled = true;
      this.ended(record);
    }
    const notice: ToWorker = { kind: 'thread-died', thread, cores, reason };
    this.workers.forEach((worker, other) => {
      if (other !== thread && !this.dead.has(other)) worker.postMessage(notice);
    });
  }

  private async collectCounters(): Promise<void> {
    const reports = await Promise.all(
      this.workers.map((worker, thread) => {
        if (this.dead.has(thread)) return null;
        return new Promise<CountersReport | null>((resolve) => {
          this.countersWaiting.set(thread, (report) => {
            this.countersWaiting.delete(thread);
            resolve(report);
          });
          worker.postMessage({ kind: 'counters' } satisfies ToWorker);
        });
      }),
    );
    const cores = reports.flatMap((r) => r?.cores ?? []).sort((a, b) => a.core - b.core);
    const channels = reports.flatMap((r) => r?.channels ?? []).sort((a, b) => a.id - b.id);
    this.lastCounters = { cores, channels };
  }
}

/** An error that came from a worker, rebuilt: a `FlounderError` keeps its code. */
function fromWire(wire: WireError): Error {
  if (wire.code !== undefined) {
    const error = new FlounderError(wire.code as ErrorCode, wire.message);
    error.message = wire.message;
    return error;
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}
