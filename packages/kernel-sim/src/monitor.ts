/**
 * Monitors: one per core, a dispatcher of its own that allocates irefs, routes binds and
 * carries caps between cores (usr/monitor, if/monitor.if, if/intermon.if).
 *
 * Every dispatcher has an LMP channel to the monitor of its core (its monitor binding), and
 * monitors talk to each other over UMP channels (intermon), made the first time two cores
 * need one. Both are real channels of this simulator: monitor traffic is frames, queued when
 * a channel is full, charged and traced like any other. A message is one fragment: over LMP,
 * word 0 holds the message number and words 1.. one argument each; over UMP the message
 * number is in the slot header and the arguments in the data words. Like Barrelfish, a
 * request names state kept on its side by a number (`service_id`, `conn_id`, a relay id).
 *
 * Binding: the client's monitor binding tries LMP first. The monitor answers
 * `MON_ERR_IDC_BIND_NOT_SAME_CORE` for an iref of another core, and `MON_ERR_IDC_BIND_LOCAL`
 * for a service of the client's own domain; the client then binds over UMP through the
 * monitor of the iref's core, or locally. A cap sent over UMP goes to the sender's monitor,
 * over intermon to the receiver's monitor, and from there to the receiver.
 */

import {
  FlounderError,
  LMP_FLAG_GIVEAWAY,
  LMP_WORDS,
  LMP_SEND_FLAGS_DEFAULT,
  RECV_EMPTY,
  errorCodeOf,
  errval,
  isFlounderError,
  type AcceptHandler,
  type BindOptions,
  type CapRef,
  type ChannelEnd,
  type ErrorCode,
  type Iref,
} from '@flounder-ts/runtime';
import { objectOf, type KernelObject } from './caps.js';
import type { Dispatcher } from './dispatcher.js';
import {
  attachLmpRemote,
  lmpBufferWords,
  mapUmpChannel,
  newLmpEnd,
  newLocalPair,
  newUmpChannel,
  umpSlots,
} from './endpoint.js';
import { LmpChannelEnd } from './lmp.js';
import type { IntermonLink, Kernel } from './kernel.js';
import type { UmpEnd } from './ump.js';

/** Irefs per core: `iref = 256 * core + slot + 1`. */
export const IREFS_PER_CORE = 256;
/** Slots of an intermon channel, per direction. */
const INTERMON_SLOTS = 32;

/** The core an iref belongs to. */
export function irefCore(iref: Iref): number {
  return Math.floor((iref - 1) / IREFS_PER_CORE);
}

/** Monitor message numbers. */
const MSG = {
  // dispatcher -> monitor
  ALLOC_IREF_REQUEST: 1,
  BIND_LMP_CLIENT_REQUEST: 2,
  BIND_UMP_CLIENT_REQUEST: 3,
  CAP_SEND_REQUEST: 4,
  GET_NAME_IREF_REQUEST: 5,
  SET_NAME_IREF_REQUEST: 6,
  BIND_LMP_REPLY_MONITOR: 7,
  BIND_UMP_REPLY_MONITOR: 8,
  // monitor -> dispatcher
  ALLOC_IREF_REPLY: 11,
  BIND_LMP_SERVICE_REQUEST: 12,
  BIND_UMP_SERVICE_REQUEST: 13,
  BIND_LMP_REPLY_CLIENT: 14,
  BIND_UMP_REPLY_CLIENT: 15,
  CAP_RECEIVE_REQUEST: 16,
  GET_NAME_IREF_REPLY: 17,
  SET_NAME_IREF_REPLY: 18,
  // monitor -> monitor (intermon)
  BIND_UMP_REQUEST: 21,
  BIND_UMP_REPLY: 22,
  CAP_SEND: 23,
  GET_NAME_IREF: 24,
  NAME_IREF_REPLY: 25,
  SET_NAME_IREF: 26,
} as const;

const MSG_NAMES = new Map<number, string>(Object.entries(MSG).map(([name, n]) => [n, name.toLowerCase()]));

type Handler = (type: number, args: readonly number[], cap: CapRef | null) => void;

interface Outgoing {
  readonly type: number;
  readonly args: readonly number[];
  readonly cap: CapRef | null;
  readonly give: boolean;
}

/**
 * One end of a monitor channel: monitor messages as fragments, a queue for when the channel
 * is full, and a persistent receive handler that decodes and hands them on.
 *
 * Over LMP a message's cap rides in the fragment. Over UMP (intermon) it cannot: the sending
 * monitor takes it out of its capability space into `transit`, the kernel objects in flight
 * between monitors, and the first data word names it for the receiving monitor.
 */
class MonitorLink implements IntermonLink {
  private readonly queue: Outgoing[] = [];
  private readonly buf = new Uint32Array(2 * LMP_WORDS);
  private readonly flush = (): void => this.drain();

  constructor(
    readonly end: LmpChannelEnd | UmpEnd,
    private readonly handle: Handler,
    private readonly transit?: Map<number, KernelObject>,
  ) {
    end.internal = true;
    end.registerRecv(() => this.receive(), { persistent: true });
  }

  send(type: number, args: readonly number[], cap: CapRef | null = null, give = false): void {
    if (!(this.end instanceof LmpChannelEnd)) {
      args = [cap ? this.toTransit(cap) : 0, ...args];
      cap = null;
    }
    this.queue.push({ type, args, cap, give });
    if (this.queue.length === 1) this.drain();
  }

  /** Messages waiting for room, for reports. */
  get backlog(): number {
    return this.queue.length;
  }

  private drain(): void {
    const end = this.end;
    const buf = this.buf;
    if (end.closed || end.peerClosed) {
      // The domain at the other end has ended: nobody is left to answer.
      this.queue.length = 0;
      return;
    }
    while (this.queue.length > 0) {
      const m = this.queue[0]!;
      let sent: boolean;
      if (end instanceof LmpChannelEnd) {
        buf[0] = m.type;
        buf[1] = 0;
        for (let i = 0; i < m.args.length; i++) {
          buf[2 * i + 2] = m.args[i]!;
          buf[2 * i + 3] = 0;
        }
        sent = end.send(buf, 0, m.args.length + 1, m.cap ?? undefined, LMP_SEND_FLAGS_DEFAULT | (m.give ? LMP_FLAG_GIVEAWAY : 0));
      } else {
        for (let i = 0; i < m.args.length; i++) {
          buf[2 * i] = m.args[i]!;
          buf[2 * i + 1] = 0;
        }
        sent = end.send(buf, 0, m.args.length, m.type, 0);
      }
      if (!sent) {
        if (!end.sendChan.registered) end.registerSend(this.flush);
        return;
      }
      this.queue.shift();
    }
  }

  private receive(): void {
    const end = this.end;
    const buf = this.buf;
    for (;;) {
      const length = end.recv(buf);
      if (length === RECV_EMPTY) return;
      const args: number[] = [];
      if (end instanceof LmpChannelEnd) {
        for (let i = 1; i < length; i++) args.push(buf[2 * i]!);
        this.handle(buf[0]!, args, end.rxCap ?? null);
      } else {
        for (let i = 1; i < length; i++) args.push(buf[2 * i]!);
        const transitId = buf[0]!;
        this.handle(end.rxMsgnum, args, transitId === 0 ? null : this.fromTransit(transitId));
      }
    }
  }

  /** Takes a cap out of the sending monitor's capability space, to send it to another core. */
  private toTransit(cap: CapRef): number {
    const disp = this.end.dispatcher;
    const slot = disp.cpu.cspace.lookup(cap, disp.domain);
    const id = disp.machine.nextObjectId();
    this.transit!.set(id, slot.object!);
    disp.cpu.cspace.remove(slot, 'sent to another core');
    return id;
  }

  /** Puts a cap that arrived from another core into the receiving monitor's capability space. */
  private fromTransit(id: number): CapRef {
    const disp = this.end.dispatcher;
    const object = this.transit!.get(id);
    if (!object) throw new Error(`${disp.name}: no cap ${id} in transit`);
    this.transit!.delete(id);
    return disp.cpu.cspace.insert(object, disp.domain);
  }
}

/**
 * Joins the monitors `a` and `b` of two cores of one kernel with an intermon UMP channel;
 * returns `a`'s side. Caps between them pass through `transit`.
 */
export function connectMonitors(a: Monitor, b: Monitor, transit: Map<number, KernelObject>): IntermonLink {
  const { end, cap } = newUmpChannel(a.dispatcher, INTERMON_SLOTS);
  const theirs = mapUmpChannel(b.dispatcher, b.dispatcher.cpu.cspace.insert(objectOf(cap)!, b.dispatcher.domain));
  b.attachIntermon(a.core, new MonitorLink(theirs, (type, args, c) => b.receiveIntermon(a.core, type, args, c), transit));
  return new MonitorLink(end, (type, args, c) => a.receiveIntermon(b.core, type, args, c), transit);
}

/** An exported service, as its core's monitor records it. */
interface ServiceRecord {
  readonly dispatcher: Dispatcher;
  readonly serviceId: number;
  alive: boolean;
}

/** A bind or name request a monitor passes on and must answer later. */
interface Relay {
  /** Where the answer goes: a local dispatcher's binding, or another core's monitor. */
  readonly client?: MonitorLink;
  readonly core?: number;
  /** The number the requester gave its request. */
  readonly id: number;
  /** For a request passed on to another core: that core, and how to answer if it dies. */
  readonly target?: number;
  readonly lost?: () => void;
}

/** The monitor of one core. */
export class Monitor {
  private readonly irefs: (ServiceRecord | null)[] = new Array<ServiceRecord | null>(IREFS_PER_CORE).fill(null);
  private readonly clients = new Map<Dispatcher, MonitorLink>();
  private readonly intermon = new Map<number, IntermonLink>();
  private readonly relays = new Map<number, Relay>();
  private nextRelay = 1;
  /** The nameservice's iref once known here (core 0's monitor keeps the master copy). */
  private nameIref = 0;
  private readonly nameWaiters: Relay[] = [];

  constructor(
    readonly machine: Kernel,
    /** The monitor's own dispatcher. */
    readonly dispatcher: Dispatcher,
  ) {}

  get core(): number {
    return this.dispatcher.core;
  }

  /** Gives `disp` its monitor binding: an LMP channel to this monitor. */
  attach(disp: Dispatcher): MonitorClient {
    const mine = newLmpEnd(this.dispatcher, 4 * (LMP_WORDS + 1));
    const theirs = newLmpEnd(disp, 4 * (LMP_WORDS + 1));
    // Spawning hands each side the other's endpoint cap, as the spawn protocol does.
    attachLmpRemote(mine.end, this.dispatcher.cpu.cspace.insert(objectOf(theirs.cap)!, this.dispatcher.domain));
    attachLmpRemote(theirs.end, disp.cpu.cspace.insert(objectOf(mine.cap)!, disp.domain));
    this.clients.set(disp, new MonitorLink(mine.end, (type, args, cap) => this.fromClient(disp, type, args, cap)));
    return new MonitorClient(disp, theirs.end);
  }

  /** Marks the services `disp` exported as gone (its domain ended). */
  revoke(disp: Dispatcher): void {
    for (const record of this.irefs) if (record?.dispatcher === disp) record.alive = false;
  }

  // ---- messages from local dispatchers ----------------------------------------------------

  private fromClient(disp: Dispatcher, type: number, args: readonly number[], cap: CapRef | null): void {
    this.account(type);
    const link = this.clients.get(disp)!;
    switch (type) {
      case MSG.ALLOC_IREF_REQUEST: {
        const slot = this.irefs.indexOf(null);
        if (slot < 0) {
          link.send(MSG.ALLOC_IREF_REPLY, [args[0]!, 0, errval('MON_ERR_IREF_ALLOC')]);
          return;
        }
        this.irefs[slot] = { dispatcher: disp, serviceId: args[0]!, alive: true };
        link.send(MSG.ALLOC_IREF_REPLY, [args[0]!, IREFS_PER_CORE * this.core + slot + 1, 0]);
        return;
      }
      case MSG.BIND_LMP_CLIENT_REQUEST: {
        const [iref, connId, words] = args as [number, number, number];
        const refuse = (code: ErrorCode): void => {
          this.dropCap(cap);
          link.send(MSG.BIND_LMP_REPLY_CLIENT, [errval(code), connId]);
        };
        const core = irefCore(iref);
        if (!this.machine.topology.hasCore(core)) return refuse('MON_ERR_INVALID_CORE_ID');
        if (core !== this.core) return refuse('MON_ERR_IDC_BIND_NOT_SAME_CORE');
        const service = this.service(iref);
        if (!service) return refuse('MON_ERR_INVALID_IREF');
        if (service.dispatcher.domain === disp.domain) return refuse('MON_ERR_IDC_BIND_LOCAL');
        const relay = this.relay({ client: link, id: connId });
        this.clients.get(service.dispatcher)!.send(MSG.BIND_LMP_SERVICE_REQUEST, [service.serviceId, relay, words], cap, true);
        return;
      }
      case MSG.BIND_LMP_REPLY_MONITOR: {
        const relay = this.takeRelay(args[1]!);
        relay.client!.send(MSG.BIND_LMP_REPLY_CLIENT, [args[0]!, relay.id], cap, true);
        return;
      }
      case MSG.BIND_UMP_CLIENT_REQUEST: {
        const [iref, connId, slots] = args as [number, number, number];
        const core = irefCore(iref);
        if (!this.machine.topology.hasCore(core) || core === this.core) {
          this.dropCap(cap);
          link.send(MSG.BIND_UMP_REPLY_CLIENT, [errval(core === this.core ? 'MON_ERR_IDC_BIND_LOCAL' : 'MON_ERR_INVALID_CORE_ID'), connId, 0]);
          return;
        }
        const lost = (): void => link.send(MSG.BIND_UMP_REPLY_CLIENT, [errval('MON_ERR_NO_MONITOR_FOR_CORE'), connId, 0]);
        this.forward(core, MSG.BIND_UMP_REQUEST, [iref, slots], cap, { client: link, id: connId, target: core, lost });
        return;
      }
      case MSG.BIND_UMP_REPLY_MONITOR: {
        const [err, relayId, serverEnd] = args as [number, number, number];
        const relay = this.takeRelay(relayId);
        this.toCore(relay.core!, MSG.BIND_UMP_REPLY, [relay.id, err, serverEnd]);
        return;
      }
      case MSG.CAP_SEND_REQUEST: {
        const [core, endId, capid] = args as [number, number, number];
        if (this.machine.coreAlive(core)) this.linkTo(core).send(MSG.CAP_SEND, [endId, capid], cap);
        else this.dropCap(cap);
        return;
      }
      case MSG.GET_NAME_IREF_REQUEST: {
        const relay: Relay = { client: link, id: args[0]! };
        if (this.nameIref !== 0) this.answerName(relay);
        else if (this.core === 0) this.nameWaiters.push(relay);
        else this.forward(0, MSG.GET_NAME_IREF, [], null, { ...relay, target: 0, lost: () => link.send(MSG.GET_NAME_IREF_REPLY, [relay.id, 0]) });
        return;
      }
      case MSG.SET_NAME_IREF_REQUEST: {
        this.setName(args[0]!);
        if (this.core !== 0) this.toCore(0, MSG.SET_NAME_IREF, [args[0]!]);
        link.send(MSG.SET_NAME_IREF_REPLY, [args[1]!]);
        return;
      }
      default:
        throw new Error(`monitor ${this.core}: unknown message ${type} from ${disp.name}`);
    }
  }

  // ---- messages from other monitors -------------------------------------------------------

  /** Uses `link` for messages to the monitor of `core` (the other half of an intermon link). */
  attachIntermon(core: number, link: IntermonLink): void {
    if (!this.intermon.has(core)) this.intermon.set(core, link);
  }

  /** The monitor of `core` is gone: requests passed on to it are answered with an error. */
  coreDied(core: number): void {
    this.intermon.delete(core);
    for (const [id, relay] of this.relays) {
      if (relay.target !== core) continue;
      this.relays.delete(id);
      relay.lost!();
    }
  }

  /** A message from the monitor of `core`, with the cap it carried. */
  receiveIntermon(core: number, type: number, args: readonly number[], cap: CapRef | null): void {
    this.account(type);
    switch (type) {
      case MSG.BIND_UMP_REQUEST: {
        const [relayId, iref, slots] = args as [number, number, number];
        const service = this.service(iref);
        if (!service) {
          this.dropCap(cap);
          this.toCore(core, MSG.BIND_UMP_REPLY, [relayId, errval('MON_ERR_INVALID_IREF'), 0]);
          return;
        }
        const relay = this.relay({ core, id: relayId });
        this.clients.get(service.dispatcher)!.send(MSG.BIND_UMP_SERVICE_REQUEST, [service.serviceId, relay, slots], cap, true);
        return;
      }
      case MSG.BIND_UMP_REPLY: {
        const [relayId, err, serverEnd] = args as [number, number, number];
        const relay = this.takeRelay(relayId);
        relay.client!.send(MSG.BIND_UMP_REPLY_CLIENT, [err, relay.id, serverEnd]);
        return;
      }
      case MSG.CAP_SEND: {
        const [endId, capid] = args as [number, number];
        const end = this.machine.umpEnd(this.core, endId);
        if (!end || end.closed) {
          this.dropCap(cap);
          return;
        }
        this.clients.get(end.dispatcher)!.send(MSG.CAP_RECEIVE_REQUEST, [endId, capid], cap, true);
        return;
      }
      case MSG.GET_NAME_IREF: {
        const relay: Relay = { core, id: args[0]! };
        if (this.nameIref !== 0) this.answerName(relay);
        else this.nameWaiters.push(relay);
        return;
      }
      case MSG.NAME_IREF_REPLY: {
        const relay = this.takeRelay(args[0]!);
        this.nameIref = args[1]!;
        this.answerName(relay);
        return;
      }
      case MSG.SET_NAME_IREF:
        this.setName(args[0]!);
        return;
      default:
        throw new Error(`monitor ${this.core}: unknown intermon message ${type} from core ${core}`);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Charges and traces one monitor operation. */
  private account(type: number): void {
    const cpu = this.dispatcher.cpu;
    const start = cpu.clock;
    const cost = this.machine.costs.monitorOp;
    cpu.charge(cost);
    cpu.counters.monitorOps++;
    this.machine.trace.slice(this.dispatcher, 'monitor', MSG_NAMES.get(type) ?? `monitor message ${type}`, start, cost);
  }

  private service(iref: number): ServiceRecord | null {
    if (irefCore(iref) !== this.core) return null;
    const record = this.irefs[(iref - 1) % IREFS_PER_CORE];
    return record?.alive ? record : null;
  }

  private relay(relay: Relay): number {
    const id = this.nextRelay++;
    this.relays.set(id, relay);
    return id;
  }

  private takeRelay(id: number): Relay {
    const relay = this.relays.get(id);
    if (!relay) throw new Error(`monitor ${this.core}: no request ${id} waits for an answer`);
    this.relays.delete(id);
    return relay;
  }

  private setName(iref: number): void {
    this.nameIref = iref;
    for (const relay of this.nameWaiters.splice(0)) this.answerName(relay);
  }

  private answerName(relay: Relay): void {
    if (relay.client) relay.client.send(MSG.GET_NAME_IREF_REPLY, [relay.id, this.nameIref]);
    else this.toCore(relay.core!, MSG.NAME_IREF_REPLY, [relay.id, this.nameIref]);
  }

  /**
   * Passes a request on to the monitor of `core`, its first argument the relay that the
   * answer will name; answers it at once (`relay.lost`) if that core is gone.
   */
  private forward(core: number, type: number, args: readonly number[], cap: CapRef | null, relay: Relay): void {
    if (!this.machine.coreAlive(core)) {
      this.dropCap(cap);
      relay.lost!();
      return;
    }
    this.linkTo(core).send(type, [this.relay(relay), ...args], cap);
  }

  /** Sends an answer or a notice to the monitor of `core`; nobody is left to tell if it is gone. */
  private toCore(core: number, type: number, args: readonly number[]): void {
    if (this.machine.coreAlive(core)) this.linkTo(core).send(type, args);
  }

  private dropCap(cap: CapRef | null): void {
    if (!cap) return;
    const space = this.dispatcher.cpu.cspace;
    space.remove(space.lookup(cap, this.dispatcher.domain), 'deleted by the monitor');
  }

  /** The intermon link to the monitor of `core`, made on first use. */
  private linkTo(core: number): IntermonLink {
    let link = this.intermon.get(core);
    if (!link) {
      link = this.machine.intermon(this, core);
      this.intermon.set(core, link);
    }
    return link;
  }
}

/** A request a dispatcher waits on: a bind, an export, a name query. */
interface Pending {
  readonly what: string;
  readonly resolve: (reply: { args: readonly number[]; cap: CapRef | null }) => void;
}

/** A dispatcher's side of its monitor binding: exports, binds, caps over UMP, the name iref. */
export class MonitorClient {
  private readonly link: MonitorLink;
  private readonly services = new Map<number, AcceptHandler>();
  private readonly servicesByIref = new Map<Iref, AcceptHandler>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly disp: Dispatcher,
    end: LmpChannelEnd,
  ) {
    this.link = new MonitorLink(end, (type, args, cap) => this.fromMonitor(type, args, cap));
  }

  async exportService(accept: AcceptHandler): Promise<Iref> {
    const serviceId = this.nextId++;
    this.services.set(serviceId, accept);
    const { args } = await this.request('export', serviceId, MSG.ALLOC_IREF_REQUEST, [serviceId]);
    const [, iref, err] = args as [number, number, number];
    if (err !== 0) {
      this.services.delete(serviceId);
      throw new FlounderError(errorCodeOf(err) ?? 'MON_ERR_IREF_ALLOC', `${this.disp.name}: exporting a service`);
    }
    this.servicesByIref.set(iref, accept);
    return iref;
  }

  async bind(iref: Iref, options: BindOptions): Promise<ChannelEnd> {
    const disp = this.disp;
    if (!(Number.isInteger(iref) && iref >= 1 && iref <= 0xffff_ffff)) {
      throw new FlounderError('MON_ERR_INVALID_IREF', `${disp.name}: cannot bind to iref ${String(iref)}; irefs are 256*core + slot + 1`);
    }
    const words = lmpBufferWords(options);
    const slots = umpSlots(options);
    const where = `${disp.name}: binding to iref ${iref} (core ${irefCore(iref)}, slot ${(iref - 1) % IREFS_PER_CORE})`;

    // LMP first, as Flounder's generic bind tries it.
    const lmp = newLmpEnd(disp, words);
    let id = this.nextId++;
    const reply = await this.request(`bind to iref ${iref}`, id, MSG.BIND_LMP_CLIENT_REQUEST, [iref, id, words], lmp.cap, true);
    const code = errorCodeOf(reply.args[0]!) ?? 'FLOUNDER_ERR_BIND';
    if (code === 'SYS_ERR_OK') {
      attachLmpRemote(lmp.end, reply.cap!);
      return lmp.end;
    }
    lmp.end.close();
    if (code === 'MON_ERR_IDC_BIND_LOCAL') return this.bindLocal(iref, where);
    if (code !== 'MON_ERR_IDC_BIND_NOT_SAME_CORE') throw new FlounderError(code, where);

    const ump = newUmpChannel(disp, slots);
    id = this.nextId++;
    const answer = await this.request(`bind to iref ${iref}`, id, MSG.BIND_UMP_CLIENT_REQUEST, [iref, id, slots], ump.cap, false);
    const umpCode = errorCodeOf(answer.args[0]!) ?? 'FLOUNDER_ERR_BIND';
    if (umpCode !== 'SYS_ERR_OK') {
      ump.end.close();
      throw new FlounderError(umpCode, where);
    }
    return ump.end;
  }

  getNameIref(): Promise<Iref> {
    const id = this.nextId++;
    return this.request('the nameservice iref', id, MSG.GET_NAME_IREF_REQUEST, [id]).then(({ args }) => args[1]!);
  }

  async setNameIref(iref: Iref): Promise<void> {
    if (!(Number.isInteger(iref) && iref >= 1 && iref <= 0xffff_ffff)) {
      throw new FlounderError('MON_ERR_INVALID_IREF', `${this.disp.name}: ${String(iref)} is not an iref`);
    }
    const id = this.nextId++;
    await this.request('setting the nameservice iref', id, MSG.SET_NAME_IREF_REQUEST, [iref, id]);
  }

  /** Sends a cap to a UMP end on another core, through the monitors. */
  sendCap(core: number, endId: number, capid: number, cap: CapRef, give: boolean): void {
    this.link.send(MSG.CAP_SEND_REQUEST, [core, endId, capid], cap, give);
  }

  /** What this dispatcher waits for from its monitor, for reports. */
  describePending(): string[] {
    return [...this.pending.values()].map((p) => `waits for its monitor: ${p.what}`);
  }

  /**
   * Sends a request and waits for the reply that names `id` (where Barrelfish puts its
   * `service_id` or `conn_id`).
   */
  private request(
    what: string,
    id: number,
    type: number,
    args: readonly number[],
    cap: CapRef | null = null,
    give = false,
  ): Promise<{ args: readonly number[]; cap: CapRef | null }> {
    return new Promise((resolve) => {
      this.pending.set(id, { what, resolve: this.disp.machine.wakeup(resolve) });
      this.link.send(type, args, cap, give);
    });
  }

  private answer(id: number, args: readonly number[], cap: CapRef | null): void {
    const pending = this.pending.get(id);
    if (!pending) throw new Error(`${this.disp.name}: a monitor reply for request ${id}, which nobody waits for`);
    this.pending.delete(id);
    pending.resolve({ args, cap });
  }

  private fromMonitor(type: number, args: readonly number[], cap: CapRef | null): void {
    const disp = this.disp;
    switch (type) {
      case MSG.ALLOC_IREF_REPLY:
        return this.answer(args[0]!, args, cap);
      case MSG.BIND_LMP_REPLY_CLIENT:
      case MSG.BIND_UMP_REPLY_CLIENT:
        return this.answer(args[1]!, args, cap);
      case MSG.GET_NAME_IREF_REPLY:
      case MSG.SET_NAME_IREF_REPLY:
        return this.answer(args[0]!, args, cap);
      case MSG.BIND_LMP_SERVICE_REQUEST: {
        const [serviceId, relay, words] = args as [number, number, number];
        const { end, cap: mine } = newLmpEnd(disp, words);
        attachLmpRemote(end, cap!);
        const err = this.accept(serviceId, end);
        this.link.send(MSG.BIND_LMP_REPLY_MONITOR, [err, relay], err === 0 ? mine : null, true);
        return;
      }
      case MSG.BIND_UMP_SERVICE_REQUEST: {
        const [serviceId, relay] = args as [number, number, number];
        const end = mapUmpChannel(disp, cap!);
        const err = this.accept(serviceId, end);
        this.link.send(MSG.BIND_UMP_REPLY_MONITOR, [err, relay, end.id]);
        return;
      }
      case MSG.CAP_RECEIVE_REQUEST: {
        const [endId, capid] = args as [number, number];
        const end = disp.machine.umpEnd(disp.core, endId);
        if (end && !end.closed && end.dispatcher === disp) end.deliverCap(capid, cap!);
        else disp.deleteCap(cap!);
        return;
      }
      default:
        throw new Error(`${disp.name}: unknown message ${type} from the monitor`);
    }
  }

  /** Runs the accept handler of a service for a new end; returns the errval to reply. */
  private accept(serviceId: number, end: LmpChannelEnd | UmpEnd): number {
    const accept = this.services.get(serviceId);
    let code: ErrorCode = 'SYS_ERR_OK';
    if (!accept) code = 'MON_ERR_INVALID_IREF';
    else {
      try {
        accept(end);
      } catch (err) {
        code = isFlounderError(err) ? err.code : 'FLOUNDER_ERR_BIND';
      }
    }
    if (code !== 'SYS_ERR_OK') end.close();
    return errval(code);
  }

  /** Binds within the domain: a local channel, the service's accept run right here. */
  private bindLocal(iref: Iref, where: string): ChannelEnd {
    const accept = this.servicesByIref.get(iref);
    if (!accept) throw new FlounderError('MON_ERR_INVALID_IREF', where);
    const [client, server] = newLocalPair(this.disp);
    try {
      accept(server);
    } catch (err) {
      client.close();
      server.close();
      throw isFlounderError(err) ? err : new FlounderError('FLOUNDER_ERR_BIND', where, { cause: err });
    }
    return client;
  }
}
