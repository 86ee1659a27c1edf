/**
 * LMP: message passing between dispatchers of one core, through the CPU driver.
 *
 * The receiver owns an endpoint: a ring of 64-bit words in which the kernel stores each
 * message as a header word and its payload (`struct lmp_endpoint_kern`). Sending invokes the
 * receiver's endpoint cap: the kernel copies the fragment in, moves or copies the one cap it
 * may carry into the receiver's receive slot, and makes the receiver runnable. The kernel
 * always keeps one word free, so it refuses a fragment when `free <= length + 1`
 * (`SYS_ERR_LMP_BUF_OVERFLOW`); it refuses a cap while the receive slot is still occupied
 * (`SYS_ERR_LMP_CAPTRANSFER_DST_SLOT_OCCUPIED`). Both are transient: the sender is told
 * when the receiver drains, and retries.
 *
 * A local channel (two ends in one domain) is the same buffer without the kernel: the send
 * is a function call, so it costs what a call costs and needs no cap invocation.
 */

import {
  FlounderError,
  LMP_FLAG_GIVEAWAY,
  LMP_FLAG_SYNC,
  LMP_WORDS,
  LMP_SEND_FLAGS_DEFAULT,
  LRPC_WORDS,
  RECV_EMPTY,
  type CapRef,
  type LmpChannel,
} from '@flounder-ts/runtime';
import { transferCap, type CapSlot } from './caps.js';
import { ChannelEndImpl, EV_DATA, EV_SPACE } from './channel-end.js';
import type { Dispatcher } from './dispatcher.js';

/** The header word's flag for a fragment that carried a cap. */
const HAS_CAP = 1 << 16;
const LENGTH_MASK = 0xffff;

/**
 * A ring of 64-bit words holding whole messages, each a header word and its payload
 * (`lmp_endpoint_kern.buf`). Words are kept as 32-bit halves.
 */
export class EndpointBuffer {
  private readonly ring: Uint32Array;
  private head = 0;
  private used = 0;
  /** Flags of the message last popped. */
  flags = 0;

  constructor(
    /** Capacity in 64-bit words. */
    readonly size: number,
  ) {
    this.ring = new Uint32Array(size * 2);
  }

  get isEmpty(): boolean {
    return this.used === 0;
  }

  /** Whether the kernel accepts a message of `length` words: one word always stays free. */
  fits(length: number): boolean {
    return this.size - this.used > length + 1;
  }

  /** Appends `length` words of `words` from word `start`; the caller has checked {@link fits}. */
  push(words: Uint32Array, start: number, length: number, flags: number): void {
    const ring = this.ring;
    const size = this.size;
    let at = this.head + this.used;
    if (at >= size) at -= size;
    ring[2 * at] = length | flags;
    ring[2 * at + 1] = 0;
    for (let i = 2 * start, end = 2 * (start + length); i < end; i += 2) {
      if (++at === size) at = 0;
      ring[2 * at] = words[i]!;
      ring[2 * at + 1] = words[i + 1]!;
    }
    this.used += length + 1;
  }

  /** Takes the oldest message into `out`; returns its length, or -1 if there is none. */
  pop(out: Uint32Array): number {
    if (this.used === 0) return -1;
    const ring = this.ring;
    const size = this.size;
    let at = this.head;
    const header = ring[2 * at]!;
    const length = header & LENGTH_MASK;
    this.flags = header & ~LENGTH_MASK;
    for (let i = 0; i < length; i++) {
      if (++at === size) at = 0;
      out[2 * i] = ring[2 * at]!;
      out[2 * i + 1] = ring[2 * at + 1]!;
    }
    if (++at === size) at = 0;
    this.head = at;
    this.used -= length + 1;
    return length;
  }
}

/** The kernel's side of an LMP endpoint: what an `EndPointLMP` cap names. */
export class LmpEndpoint {
  readonly buffer: EndpointBuffer;
  /** The cap delivered with a fragment still in the buffer, in the receiver's cspace. */
  recvSlot: CapRef | null = null;
  /** Senders told `false` that wait for the receiver to drain. */
  readonly blocked: LmpChannelEnd[] = [];
  /** Trace flow ids of the fragments in the buffer, oldest first. */
  readonly flows: number[] = [];
  /** Whether the receiver already has a notification coming. */
  notifyScheduled = false;

  constructor(
    /** The end that receives from this endpoint. */
    readonly end: LmpChannelEnd,
    words: number,
  ) {
    this.buffer = new EndpointBuffer(words);
  }
}

/** One end of an LMP or local channel. */
export class LmpChannelEnd extends ChannelEndImpl implements LmpChannel {
  readonly fragmentWords = LMP_WORDS;
  /** This end's receive endpoint. */
  readonly endpoint: LmpEndpoint;
  /** The peer's endpoint, once bound. */
  remote: LmpEndpoint | null = null;
  /** The slot of the endpoint cap this end sends with (LMP only). */
  remoteCap: CapSlot | null = null;
  rxCap: CapRef | undefined = undefined;

  constructor(
    dispatcher: Dispatcher,
    readonly kind: 'lmp' | 'local',
    bufferWords: number,
  ) {
    super(dispatcher, kind);
    this.endpoint = new LmpEndpoint(this, bufferWords);
    dispatcher.machine.timeAsKernel(this, ['send', 'recv']);
  }

  canSend(): boolean {
    const remote = this.remote;
    return remote !== null && !this.closed && !this.peerClosed && remote.buffer.fits(LMP_WORDS) && remote.recvSlot === null;
  }

  send(words: Uint32Array, start: number, length: number, cap?: CapRef, flags: number = LMP_SEND_FLAGS_DEFAULT): boolean {
    this.checkOpen();
    this.checkLength(length);
    const disp = this.dispatcher;
    const cpu = disp.cpu;
    let capSlot: CapSlot | null = null;
    if (cap !== undefined) {
      capSlot = cpu.cspace.lookup(cap, disp.domain, 'SYS_ERR_LMP_CAPTRANSFER_SRC_LOOKUP');
    }
    const target = this.remote;
    if (target === null) {
      // Created by createEndpoint and not bound yet: the peer's connect will wake us.
      this.stalled('not bound yet');
      return false;
    }
    if (this.remoteCap && !this.remoteCap.object) {
      throw new FlounderError('SYS_ERR_LMP_NO_TARGET', `${this.label}: the endpoint cap this end sends with was deleted`);
    }
    const costs = disp.machine.costs;
    const cost =
      this.kind === 'local'
        ? costs.localSend
        : length <= LRPC_WORDS && capSlot === null && (flags & LMP_FLAG_SYNC) !== 0
          ? costs.lrpcSend
          : costs.lmpSend;
    const t0 = cpu.clock;
    cpu.charge(cost);
    if (!target.buffer.fits(length) || (capSlot !== null && target.recvSlot !== null)) {
      this.counters.cycles += cost;
      this.stalled(target.buffer.fits(length) ? 'SYS_ERR_LMP_CAPTRANSFER_DST_SLOT_OCCUPIED' : 'SYS_ERR_LMP_BUF_OVERFLOW');
      if (!target.blocked.includes(this)) target.blocked.push(this);
      return false;
    }
    const receiver = target.end;
    if (receiver.closed) {
      // Torn down, and the notice is on its way: the fragment goes nowhere.
      this.counters.cycles += cost;
      return true;
    }
    target.buffer.push(words, start, length, capSlot === null ? 0 : HAS_CAP);
    if (capSlot !== null) {
      const rdisp = receiver.dispatcher;
      target.recvSlot = transferCap(capSlot, rdisp.cpu.cspace, rdisp.domain, (flags & LMP_FLAG_GIVEAWAY) !== 0);
      this.counters.capsSent++;
    }
    const flow = this.sent(length, t0, cost, this.kind === 'local' ? 'local send' : 'lmp send');
    if (disp.machine.trace.enabled) target.flows.push(flow);
    if (!target.notifyScheduled) {
      target.notifyScheduled = true;
      disp.machine.schedule(cpu.clock, receiver, EV_DATA);
    }
    return true;
  }

  recv(out: Uint32Array): number {
    if (this.closed) throw new FlounderError('FLOUNDER_ERR_BINDING_CLOSED', `${this.label}: this end was closed`);
    const endpoint = this.endpoint;
    const length = endpoint.buffer.pop(out);
    if (length < 0) return RECV_EMPTY;
    if ((endpoint.buffer.flags & HAS_CAP) !== 0) {
      this.rxCap = endpoint.recvSlot ?? undefined;
      endpoint.recvSlot = null;
      this.counters.capsReceived++;
    } else {
      this.rxCap = undefined;
    }
    const disp = this.dispatcher;
    const cpu = disp.cpu;
    const cost = this.kind === 'local' ? disp.machine.costs.localRecv : disp.machine.costs.lmpRecv;
    const start = cpu.clock;
    cpu.charge(cost);
    this.received(length, start, cost, this.kind === 'local' ? 'local recv' : 'lmp recv', endpoint.flows.shift() ?? 0);
    const blocked = endpoint.blocked;
    if (blocked.length > 0) {
      for (const sender of blocked) disp.machine.schedule(cpu.clock, sender, EV_SPACE);
      blocked.length = 0;
    }
    return length;
  }

  protected hasIncoming(): boolean {
    return !this.endpoint.buffer.isEmpty;
  }

  protected onData(): void {
    this.endpoint.notifyScheduled = false;
    this.recvChan.trigger();
  }

  protected peerEnd(): ChannelEndImpl | null {
    return this.remote?.end ?? null;
  }

  protected peerLatency(): number {
    return 0;
  }
}
