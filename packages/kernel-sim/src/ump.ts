/**
 * UMP: message passing between cores through shared memory, with no kernel on the path.
 *
 * A channel is one frame holding two rings (ump-ring.ts), one per direction; the client's
 * end sends on ring 0 and the server's on ring 1. The rings are real shared memory and the
 * sender really finds the ring full when the receiver has not freed the slot. What the
 * simulator adds is time, in cache-line transfers priced by the topology: writing a slot
 * costs the sender one transfer (the receiver holds the line since it read the slot), the
 * receiver sees the slot one transfer after the write (its poll fetches the line), and a
 * freed slot reaches a blocked sender one transfer later. The receiver polls: whenever it
 * runs it sees every slot that has arrived by its clock, and an event at the next arrival
 * time stands for the poll that finds it.
 *
 * Caps never travel in slots: `sendCap` hands them to the monitors, which carry them to the
 * peer's core and deliver them to `recvCap`.
 */

import {
  FlounderError,
  RECV_EMPTY,
  UMP_MSGNUM_MAX,
  UMP_WORDS,
  type CapDelivery,
  type CapRef,
  type UmpChannel,
} from '@flounder-ts/runtime';
import { KernelObject } from './caps.js';
import { ChannelEndImpl, EV_CONNECTED, EV_DATA, EV_SPACE, type ChannelKind } from './channel-end.js';
import type { Dispatcher } from './dispatcher.js';
import { UmpRingReceiver, UmpRingSender, umpRingBytes } from './ump-ring.js';

/** What the frame of a UMP channel holds besides its memory: the rings' size and the ends. */
export class UmpRings {
  /** The client's end (side 0) and the server's end (side 1), once each has mapped the frame. */
  readonly ends: [UmpChannelEnd | null, UmpChannelEnd | null] = [null, null];

  constructor(
    /** Slots per direction. */
    readonly slots: number,
  ) {}

  /** Bytes of the frame: both directions. */
  static bytes(slots: number): number {
    return 2 * umpRingBytes(slots);
  }
}


/**
 * What the UMP ends of every platform share: the interface, the checks, and caps, which
 * travel through the monitors and wait here for `recvCap`.
 */
export abstract class UmpEnd extends ChannelEndImpl implements UmpChannel {
  readonly kind = 'ump';
  readonly fragmentWords = UMP_WORDS;
  rxMsgnum = 0;
  rxToken = 0;
  private readonly caps: CapDelivery[] = [];

  constructor(dispatcher: Dispatcher) {
    super(dispatcher, 'ump' satisfies ChannelKind);
  }

  abstract send(words: Uint32Array, start: number, length: number, msgnum: number, token: number): boolean;
  abstract recv(out: Uint32Array): number;
  /** Where the peer end is (its core and channel id), once it has bound. */
  protected abstract peerAddress(): { readonly core: number; readonly id: number } | null;

  /** Throws unless a send of `length` words with `msgnum` may go out on this end. */
  protected checkSend(length: number, msgnum: number): void {
    this.checkOpen();
    this.checkLength(length);
    if (!(Number.isInteger(msgnum) && msgnum >= 0 && msgnum <= UMP_MSGNUM_MAX)) {
      throw new FlounderError('FLOUNDER_ERR_INVALID_STATE', `${this.label}: a UMP message number is 0 to ${UMP_MSGNUM_MAX}, got ${String(msgnum)}`);
    }
  }

  sendCap(cap: CapRef, capid: number, giveAway: boolean): void {
    this.checkOpen();
    if (!(Number.isInteger(capid) && capid >= 0 && capid <= 0xffff_ffff)) {
      throw new FlounderError('FLOUNDER_ERR_INVALID_STATE', `${this.label}: capid must be a 32-bit number, got ${String(capid)}`);
    }
    const disp = this.dispatcher;
    disp.cpu.cspace.lookup(cap, disp.domain);
    const peer = this.peerAddress();
    if (peer === null) throw new FlounderError('FLOUNDER_ERR_INVALID_STATE', `${this.label}: not bound yet`);
    this.counters.capsSent++;
    disp.monitor.sendCap(peer.core, peer.id, capid, cap, giveAway);
  }

  recvCap(): CapDelivery | undefined {
    const delivery = this.caps.shift();
    if (delivery) this.counters.capsReceived++;
    return delivery;
  }

  /** A cap arrived through the monitors. */
  deliverCap(capid: number, cap: CapRef): void {
    this.caps.push({ capid, cap });
    this.recvChan.trigger();
  }

  /** Whether a cap waits for `recvCap`. */
  protected get hasCap(): boolean {
    return this.caps.length > 0;
  }

  /**
   * Whether slots stay in the ring for now (see `pauseSlots`): `recv` must then return
   * `RECV_EMPTY`, and only caps may fire the receive handler.
   */
  protected slotsPaused = false;

  pauseSlots(paused: boolean): void {
    this.slotsPaused = paused;
    if (!paused && this.hasIncoming()) this.recvChan.trigger();
  }
}

/**
 * The two rings of a UMP channel frame as `side` uses them: it sends on its own, receives on
 * the other, acking every `ackEvery` slots it takes.
 */
export function ringsOf(buffer: SharedArrayBuffer, slots: number, side: 0 | 1, ackEvery = 1): { tx: UmpRingSender; rx: UmpRingReceiver } {
  const half = umpRingBytes(slots);
  return { tx: new UmpRingSender(buffer, side * half, slots), rx: new UmpRingReceiver(buffer, (1 - side) * half, slots, ackEvery) };
}

/** One end of a simulated UMP channel. */
export class UmpChannelEnd extends UmpEnd {
  private readonly tx: UmpRingSender;
  private readonly rx: UmpRingReceiver;
  /** Slots whose line has reached this core and that were not received yet. */
  private visible = 0;
  /** When the slots written to this end and not yet visible arrive, oldest first (a ring). */
  private readonly arrivals: Float64Array;
  private arrivalHead = 0;
  private arriving = 0;
  /** Whether an event is scheduled for the oldest arrival. */
  private polling = false;
  /** Whether this end was refused a slot and waits to hear one was freed. */
  private wantsSpace = false;
  /** Trace flow ids of the slots this end wrote, by slot. */
  private readonly flows: Float64Array;
  /** Cycles of one cache-line transfer to the peer's core; known once the peer has bound. */
  private transfer = -1;

  constructor(
    dispatcher: Dispatcher,
    readonly rings: UmpRings,
    frame: KernelObject,
    /** 0 for the end that made the frame, 1 for the end that mapped it. */
    readonly side: 0 | 1,
  ) {
    super(dispatcher);
    ({ tx: this.tx, rx: this.rx } = ringsOf(frame.buffer, rings.slots, side));
    this.flows = new Float64Array(dispatcher.machine.trace.enabled ? rings.slots : 0);
    this.arrivals = new Float64Array(rings.slots);
    rings.ends[side] = this;
    dispatcher.machine.timeAsKernel(this, ['send', 'recv', 'sendCap', 'recvCap']);
  }

  /** The other end, once it has mapped the frame. */
  get peer(): UmpChannelEnd | null {
    return this.side === 0 ? this.rings.ends[1] : this.rings.ends[0];
  }

  canSend(): boolean {
    return this.peer !== null && !this.closed && !this.peerClosed && this.tx.canSend();
  }

  send(words: Uint32Array, start: number, length: number, msgnum: number, token: number): boolean {
    this.checkSend(length, msgnum);
    const peer = this.peer;
    if (peer === null) {
      this.stalled('not bound yet');
      return false;
    }
    const slot = this.tx.send(words, start, length, msgnum, token);
    if (slot < 0) {
      this.wantsSpace = true;
      this.stalled('ring full');
      return false;
    }
    const disp = this.dispatcher;
    const cpu = disp.cpu;
    const machine = disp.machine;
    const transfer = this.peerLatency();
    const cost = machine.costs.umpSend + transfer;
    const t0 = cpu.clock;
    cpu.charge(cost);
    const flow = this.sent(length, t0, cost, 'ump send');
    if (flow !== 0) this.flows[slot] = flow;
    peer.arrive(cpu.clock + transfer);
    return true;
  }

  recv(out: Uint32Array): number {
    if (this.closed) throw new FlounderError('FLOUNDER_ERR_BINDING_CLOSED', `${this.label}: this end was closed`);
    if (this.slotsPaused || (this.visible === 0 && (this.arriving === 0 || !this.poll()))) return RECV_EMPTY;
    const slot = this.rx.recv(out);
    if (slot < 0) throw new Error(`${this.label}: a slot announced to the receiver is not in the ring`);
    this.visible--;
    this.rxMsgnum = this.rx.msgnum;
    this.rxToken = this.rx.token;
    const disp = this.dispatcher;
    const cpu = disp.cpu;
    const machine = disp.machine;
    const cost = machine.costs.umpRecv;
    const start = cpu.clock;
    cpu.charge(cost);
    const peer = this.peer!;
    this.received(UMP_WORDS, start, cost, 'ump recv', machine.trace.enabled ? peer.flows[slot]! : 0);
    if (peer.wantsSpace) {
      peer.wantsSpace = false;
      machine.schedule(cpu.clock + machine.topology.lineTransfer(disp.core, peer.dispatcher.core), peer, EV_SPACE);
    }
    return UMP_WORDS;
  }

  protected peerAddress(): { core: number; id: number } | null {
    const peer = this.peer;
    return peer && { core: peer.dispatcher.core, id: peer.id };
  }

  protected hasIncoming(): boolean {
    return (!this.slotsPaused && this.poll()) || this.hasCap;
  }

  protected onData(): void {
    this.polling = false;
    if (this.poll() && !this.slotsPaused) this.recvChan.trigger();
    if (this.arriving > 0 && !this.polling) {
      this.polling = true;
      this.dispatcher.machine.schedule(this.arrivals[this.arrivalHead]!, this, EV_DATA);
    }
  }

  /** A slot written for this end will arrive at `time`. */
  private arrive(time: number): void {
    let at = this.arrivalHead + this.arriving++;
    if (at >= this.arrivals.length) at -= this.arrivals.length;
    this.arrivals[at] = time;
    if (!this.polling) {
      this.polling = true;
      this.dispatcher.machine.schedule(time, this, EV_DATA);
    }
  }

  /** Makes every slot that has arrived by this core's clock visible; true if any is. */
  private poll(): boolean {
    const now = this.dispatcher.cpu.clock;
    const arrivals = this.arrivals;
    while (this.arriving > 0 && arrivals[this.arrivalHead]! <= now) {
      this.visible++;
      this.arriving--;
      if (++this.arrivalHead === arrivals.length) this.arrivalHead = 0;
    }
    return this.visible > 0;
  }

  protected peerEnd(): ChannelEndImpl | null {
    return this.peer;
  }

  protected peerLatency(): number {
    if (this.transfer < 0) {
      const peer = this.peer;
      if (!peer) return 0;
      this.transfer = this.dispatcher.machine.topology.lineTransfer(this.dispatcher.core, peer.dispatcher.core);
    }
    return this.transfer;
  }
}

/** The error for binding to a frame that holds no UMP channel. */
export function notAUmpChannel(object: KernelObject): FlounderError {
  return new FlounderError('SYS_ERR_ILLEGAL_DEST_TYPE', `a ${object.type} cap that holds no UMP channel cannot be bound to`);
}

/** A new simulated UMP channel frame and the maker's end on side 0. */
export function createSimUmpChannel(disp: Dispatcher, slots: number): { end: UmpChannelEnd; object: KernelObject } {
  const rings = new UmpRings(slots);
  const object = new KernelObject(disp.machine.nextObjectId(), 'Frame', UmpRings.bytes(slots), rings);
  return { end: new UmpChannelEnd(disp, rings, object, 0), object };
}

/** Maps a simulated UMP channel frame: `disp`'s end on side 1. */
export function mapSimUmpChannel(disp: Dispatcher, object: KernelObject, announce: boolean): UmpChannelEnd {
  const rings = object.payload;
  if (!(rings instanceof UmpRings)) throw notAUmpChannel(object);
  const maker = rings.ends[0]!;
  if (rings.ends[1] !== null) throw new FlounderError('FLOUNDER_ERR_BIND', `${maker.label} is already bound`);
  const end = new UmpChannelEnd(disp, rings, object, 1);
  end.setPeerName(maker.dispatcher.name);
  maker.setPeerName(disp.name);
  if (announce) {
    const machine = disp.machine;
    machine.schedule(disp.cpu.clock + machine.topology.lineTransfer(disp.core, maker.dispatcher.core), maker, EV_CONNECTED);
  }
  return end;
}
