/**
 * What every channel end shares, whatever carries its frames: the two waitset channels
 * (receive and send), registration, the teardown protocol, counting and tracing.
 *
 * A channel end is also the event sink for everything that happens to it: a frame becoming
 * receivable, space appearing for a blocked sender, the peer closing, the peer binding.
 * Each event runs on the end's own dispatcher and is charged to its core.
 */

import { FlounderError, type CapRef, type ChannelEndBase, type ChannelState, type RegisterOptions } from '@flounder-ts/runtime';
import { ChannelCounters, type ChannelReport } from './counters.js';
import type { Dispatcher, DispatcherEvent } from './dispatcher.js';
import { Waitset, WaitsetChannel } from './waitset.js';

/** A frame (or, on UMP, a cap) can be received. */
export const EV_DATA = 0;
/** A send that was refused may now succeed. */
export const EV_SPACE = 1;
/** The peer closed its end. */
export const EV_PEER_CLOSED = 2;
/** A peer bound to this end (made by `createEndpoint`). */
export const EV_CONNECTED = 3;

export type ChannelKind = 'lmp' | 'ump' | 'local';

export abstract class ChannelEndImpl implements ChannelEndBase, DispatcherEvent {
  readonly id: number;
  readonly counters = new ChannelCounters();
  closed = false;
  peerClosed = false;
  /** Why the peer is gone when it did not close on purpose (its thread died), for errors. */
  peerLost: string | null = null;
  label: string;
  /** Part of the machine itself (a monitor binding), left out of the all-asleep report. */
  internal = false;
  readonly recvChan: WaitsetChannel;
  readonly sendChan: WaitsetChannel;
  /** Whether the handlers have been told about the peer closing. */
  private recvCloseSeen = false;
  private sendCloseSeen = false;

  abstract readonly kind: ChannelKind;
  abstract readonly fragmentWords: number;

  constructor(
    readonly dispatcher: Dispatcher,
    kind: ChannelKind,
  ) {
    this.id = dispatcher.machine.nextChannelId();
    this.label = `${kind}#${this.id} ${dispatcher.name}`;
    this.recvChan = new WaitsetChannel(`recv on ${this.label}`, kind === 'ump', () => this.pollRecv());
    this.sendChan = new WaitsetChannel(`send on ${this.label}`, false, () => this.pollSend());
    dispatcher.ends.add(this);
    dispatcher.machine.addEnd(this);
  }

  get owner(): Dispatcher {
    return this.dispatcher;
  }

  abstract canSend(): boolean;
  /** Whether a frame (or cap) is ready to be received. */
  protected abstract hasIncoming(): boolean;
  /** The other end, once bound. */
  protected abstract peerEnd(): ChannelEndImpl | null;
  /** Cycles until something this end does becomes visible at the peer. */
  protected abstract peerLatency(): number;
  /** A frame became receivable. */
  protected abstract onData(): void;

  /** Names both ends once bound, e.g. `"ump#7 client@2 -> server@1"`. */
  setPeerName(peer: string): void {
    this.label = `${this.kind}#${this.id} ${this.dispatcher.name} -> ${peer}`;
    this.recvChan.label = `recv on ${this.label}`;
    this.sendChan.label = `send on ${this.label}`;
  }

  onEvent(event: number): void {
    if (this.closed) return;
    switch (event) {
      case EV_DATA:
        this.onData();
        break;
      case EV_PEER_CLOSED:
        this.peerClosed = true;
        this.dispatcher.machine.trace.instant(this.dispatcher, 'domain', 'peer closed', this.dispatcher.cpu.clock, { channel: this.label });
        this.recvChan.trigger();
        this.sendChan.trigger();
        break;
      default: // EV_SPACE, EV_CONNECTED
        this.sendChan.trigger();
    }
  }

  // ---- registration --------------------------------------------------------------------

  registerRecv(handler: () => void, options?: RegisterOptions): void {
    this.waitsetFor(options).register(this.recvChan, handler, options?.persistent ?? false);
  }

  deregisterRecv(): void {
    this.deregister(this.recvChan);
  }

  registerSend(handler: () => void, options?: RegisterOptions): void {
    this.waitsetFor(options).register(this.sendChan, handler, options?.persistent ?? false);
  }

  deregisterSend(): void {
    this.deregister(this.sendChan);
  }

  get recvState(): ChannelState {
    return this.recvChan.state;
  }

  private waitsetFor(options: RegisterOptions | undefined): Waitset {
    const ws = options?.waitset ?? this.dispatcher.waitset;
    if (!(ws instanceof Waitset) || ws.dispatcher !== this.dispatcher) {
      throw new FlounderError('FLOUNDER_ERR_CHANGE_WAITSET', `${this.label}: the waitset must belong to dispatcher ${this.dispatcher.name}`);
    }
    return ws;
  }

  private deregister(chan: WaitsetChannel): void {
    if (!chan.waitset) throw new FlounderError('LIB_ERR_CHAN_NOT_REGISTERED', `${chan.label} is not registered`);
    chan.waitset.deregister(chan);
  }

  private pollRecv(): boolean {
    if (this.hasIncoming()) return true;
    if (this.peerClosed && !this.recvCloseSeen) return (this.recvCloseSeen = true);
    return false;
  }

  private pollSend(): boolean {
    if (this.canSend()) return true;
    if (this.peerClosed && !this.sendCloseSeen) return (this.sendCloseSeen = true);
    return false;
  }

  // ---- teardown ------------------------------------------------------------------------

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const disp = this.dispatcher;
    disp.ends.delete(this);
    if (this.recvChan.waitset) this.recvChan.waitset.deregister(this.recvChan);
    if (this.sendChan.waitset) this.sendChan.waitset.deregister(this.sendChan);
    const peer = this.peerEnd();
    if (peer && !peer.closed) disp.machine.schedule(disp.cpu.clock + this.peerLatency(), peer, EV_PEER_CLOSED);
    disp.machine.trace.instant(disp, 'domain', 'close', disp.cpu.clock, { channel: this.label });
    for (const cap of this.ownCaps) disp.cpu.cspace.release(cap, disp.domain);
    this.ownCaps.length = 0;
    disp.machine.retireEnd(this);
  }

  /** Caps this end holds for its own use (its endpoint, its frame), deleted when it closes. */
  readonly ownCaps: CapRef[] = [];

  /** Throws unless frames may be sent: neither end closed (as far as this end knows). */
  protected checkOpen(): void {
    if (this.closed) throw new FlounderError('FLOUNDER_ERR_BINDING_CLOSED', `${this.label}: this end was closed`);
    if (this.peerClosed) {
      const why = this.peerLost === null ? 'the peer closed the channel' : `the peer is gone: ${this.peerLost}`;
      throw new FlounderError('FLOUNDER_ERR_BINDING_CLOSED', `${this.label}: ${why}`);
    }
  }

  /** Throws unless `length` is a whole number of words one fragment can hold. */
  protected checkLength(length: number): void {
    if (!(Number.isInteger(length) && length >= 0 && length <= this.fragmentWords)) {
      throw new FlounderError(
        'FLOUNDER_ERR_TX_MSG_SIZE',
        `${this.label}: a ${this.kind} fragment holds 0 to ${this.fragmentWords} words, got ${String(length)}`,
      );
    }
  }

  // ---- accounting ----------------------------------------------------------------------

  /** Counts and traces a sent fragment that cost `cycles` from `start`; returns its flow id. */
  protected sent(words: number, start: number, cycles: number, name: string): number {
    const disp = this.dispatcher;
    this.counters.add(true, words);
    this.counters.cycles += cycles;
    disp.cpu.counters.add(true, words);
    const trace = disp.machine.trace;
    if (!trace.enabled) return 0;
    trace.slice(disp, 'send', name, start, cycles, { channel: this.label, words });
    return trace.flowStart(disp, start);
  }

  /** Counts and traces a received fragment. */
  protected received(words: number, start: number, cycles: number, name: string, flow: number): void {
    const disp = this.dispatcher;
    this.counters.add(false, words);
    this.counters.cycles += cycles;
    disp.cpu.counters.add(false, words);
    const trace = disp.machine.trace;
    if (!trace.enabled) return;
    trace.slice(disp, 'deliver', name, start, cycles, { channel: this.label, words });
    trace.flowEnd(flow, disp, start);
  }

  /** Counts and traces a send refused because the channel is full. */
  protected stalled(reason: string): void {
    const disp = this.dispatcher;
    this.counters.stalls++;
    disp.cpu.counters.stalls++;
    const trace = disp.machine.trace;
    if (trace.enabled) trace.instant(disp, 'stall', reason, disp.cpu.clock, { channel: this.label });
  }

  // ---- reports -------------------------------------------------------------------------

  /** What this end waits for, for the all-asleep report. */
  describeWaits(): string[] {
    const lines: string[] = [];
    if (this.recvChan.registered) lines.push(`waits to receive on ${this.label} (${this.recvChan.state})`);
    if (this.sendChan.registered) lines.push(`waits to send on ${this.label} (${this.canSend() ? 'ready' : 'full'})`);
    return lines;
  }

  /** A snapshot of this end's counters. */
  report(): ChannelReport {
    return { id: this.id, kind: this.kind, label: this.label, core: this.dispatcher.core, dispatcher: this.dispatcher.name, ...this.counters };
  }
}
