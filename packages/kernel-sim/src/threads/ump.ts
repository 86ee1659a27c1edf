/**
 * UMP between cores that run on worker threads: the simulator's ring code (ump-ring.ts) over
 * a SharedArrayBuffer, polled for real.
 *
 * A channel frame holds the two rings, as in the simulator; a second, small shared buffer
 * holds what the two ends must know of each other, one cache line per side: the thread, core
 * and channel id of the end that mapped the side (written once, `BOUND` published last), and
 * two flags. `CLOSED` is how a close reaches the peer, after the frames sent before it.
 * `WANTS_SPACE` says the sender found the ring full and has not sent since: the receiver
 * that acks slots while it is set rings the sender's doorbell, in case it went to sleep
 * meanwhile. Only the sender writes it (the receiver clearing it could wipe out a refusal
 * made after the ack the sender had already seen, and the sender would sleep through the
 * next). A receiver acks every quarter ring rather than every slot, so that the ack line
 * crosses to the sender once per batch; a sender that finds the ring full then knows that
 * most of it waits to be received, and the receiver's next acks come as it does. Neither
 * end holds a reference to the other: they may live in different threads.
 *
 * The thread's kernel polls every end it hosts (`hasNews`, `poll`), as Barrelfish's
 * `disp_run` polls UMP channels: a slot in the ring triggers the receive registration, space
 * in the ring or a bound peer the send registration. A close also counts on the peer
 * thread's doorbell line, and only then does that thread look at the `CLOSED` flags.
 */

import { FlounderError, RECV_EMPTY, UMP_WORDS } from '@flounder-ts/runtime';
import { KernelObject } from '../caps.js';
import { EV_PEER_CLOSED } from '../channel-end.js';
import type { Dispatcher } from '../dispatcher.js';
import { UmpEnd, notAUmpChannel, ringsOf } from '../ump.js';
import { umpRingBytes, type UmpRingReceiver, type UmpRingSender } from '../ump-ring.js';
import type { Doorbells } from './doorbells.js';

/** 32-bit words of one side's control line. */
const SIDE_INTS = 16;
/** Words of a side's line. */
const THREAD = 0;
const CORE = 1;
const END_ID = 2;
const NAME_LENGTH = 3;
const BOUND = 4;
const CLOSED = 5;
const WANTS_SPACE = 6;
/** Bytes of each side's dispatcher name, after the two lines of words. */
const NAME_BYTES = 64;
const CONTROL_BYTES = 2 * SIDE_INTS * 4 + 2 * NAME_BYTES;

/** What the frame of a threads UMP channel holds besides its rings: their size and the control words. */
export class ThreadUmpRings {
  constructor(
    /** Slots per direction. */
    readonly slots: number,
    /** The control lines; see the module comment. */
    readonly control: SharedArrayBuffer = new SharedArrayBuffer(CONTROL_BYTES),
  ) {}

  /** Bytes of the frame: both directions. */
  static bytes(slots: number): number {
    return 2 * umpRingBytes(slots);
  }
}

/** What a threads UMP end needs from the kernel of its thread. */
export interface UmpHost {
  /** The thread this kernel runs. */
  readonly thread: number;
  readonly doorbells: Doorbells;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One end of a UMP channel on the threads platform. */
export class ThreadUmpChannelEnd extends UmpEnd {
  private readonly tx: UmpRingSender;
  private readonly rx: UmpRingReceiver;
  private readonly control: Int32Array;
  /** Where this end's and the peer's control lines start. */
  private readonly mine: number;
  private readonly theirs: number;
  /** The peer's thread, once it has bound. */
  private peerThread = -1;
  /** Whether this end's `WANTS_SPACE` is set: since a refused send, none went out. */
  private wantsSpace = false;
  /** Turns of the kernel's loop since this end last had news (the kernel's to keep). */
  quietTurns = 0;

  constructor(
    dispatcher: Dispatcher,
    private readonly host: UmpHost,
    readonly rings: ThreadUmpRings,
    frame: KernelObject,
    /** 0 for the end that made the frame, 1 for the end that mapped it. */
    readonly side: 0 | 1,
  ) {
    super(dispatcher);
    ({ tx: this.tx, rx: this.rx } = ringsOf(frame.buffer, rings.slots, side, Math.max(1, rings.slots >> 2)));
    this.control = new Int32Array(rings.control, 0, 2 * SIDE_INTS);
    this.mine = side * SIDE_INTS;
    this.theirs = (1 - side) * SIDE_INTS;
    const control = this.control;
    if (Atomics.load(control, this.mine + BOUND) !== 0) {
      throw new Error(`${this.label}: side ${side} of this UMP channel is already mapped`);
    }
    const name = encoder.encode(dispatcher.name).subarray(0, NAME_BYTES);
    new Uint8Array(rings.control, 2 * SIDE_INTS * 4 + side * NAME_BYTES, NAME_BYTES).set(name);
    control[this.mine + THREAD] = host.thread;
    control[this.mine + CORE] = dispatcher.core;
    control[this.mine + END_ID] = this.id;
    control[this.mine + NAME_LENGTH] = name.length;
    Atomics.store(control, this.mine + BOUND, 1);
    this.bound();
  }

  /** Whether the peer has mapped its side; learns where it is the first time. */
  private bound(): boolean {
    if (this.peerThread >= 0) return true;
    const control = this.control;
    const theirs = this.theirs;
    if (Atomics.load(control, theirs + BOUND) === 0) return false;
    this.peerThread = control[theirs + THREAD]!;
    const name = new Uint8Array(this.rings.control, 2 * SIDE_INTS * 4 + (1 - this.side) * NAME_BYTES, control[theirs + NAME_LENGTH]!);
    this.setPeerName(decoder.decode(name.slice()));
    return true;
  }

  /** The thread of the peer end, or -1 while it has not bound. */
  get peerThreadIndex(): number {
    return this.peerThread;
  }

  canSend(): boolean {
    return !this.closed && !this.peerClosed && this.bound() && this.tx.canSend();
  }

  send(words: Uint32Array, start: number, length: number, msgnum: number, token: number): boolean {
    this.checkSend(length, msgnum);
    if (!this.bound()) {
      this.stalled('not bound yet');
      return false;
    }
    if (this.tx.send(words, start, length, msgnum, token) < 0) {
      // Set before the ack is read again (registerSend, the kernel's polls, its last look
      // before sleeping); the receiver stores the ack before it reads this.
      Atomics.store(this.control, this.mine + WANTS_SPACE, 1);
      this.wantsSpace = true;
      this.stalled('ring full');
      return false;
    }
    if (this.wantsSpace) {
      this.wantsSpace = false;
      Atomics.store(this.control, this.mine + WANTS_SPACE, 0);
    }
    this.sent(length, 0, 0, 'ump send');
    this.host.doorbells.notify(this.peerThread);
    return true;
  }

  recv(out: Uint32Array): number {
    if (this.closed) this.checkOpen();
    const rx = this.rx;
    if (this.slotsPaused || rx.recv(out) < 0) return RECV_EMPTY;
    this.rxMsgnum = rx.msgnum;
    this.rxToken = rx.token;
    this.received(UMP_WORDS, 0, 0, 'ump recv', 0);
    // Slots were acked: a sender refused one may sleep, so tell it. The ack is stored before
    // the flag is read, the sender stores the flag before it reads the ack: one of them sees
    // the other.
    if (rx.unacked === 0 && Atomics.load(this.control, this.theirs + WANTS_SPACE) !== 0) this.host.doorbells.notify(this.peerThread);
    return UMP_WORDS;
  }

  protected hasIncoming(): boolean {
    return (!this.slotsPaused && this.rx.poll()) || this.hasCap;
  }

  protected onData(): void {
    if (!this.slotsPaused && this.rx.poll()) this.recvChan.trigger();
  }

  /**
   * Whether the shared memory holds what this end's registrations wait for: a slot to
   * receive, or room (and a bound peer) to send. The kernel of the thread asks on every turn
   * of its loop, and then calls {@link poll} inside this end's dispatcher.
   */
  hasNews(): boolean {
    return (this.recvChan.state === 'polled' && !this.slotsPaused && this.rx.poll()) || (this.sendChan.state === 'idle' && this.canSend());
  }

  /** Triggers the registrations whose event has come (see {@link hasNews}). */
  poll(): void {
    if (this.recvChan.state === 'polled' && !this.slotsPaused && this.rx.poll()) this.recvChan.trigger();
    if (this.sendChan.state === 'idle' && this.canSend()) this.sendChan.trigger();
  }

  /**
   * Whether the peer has closed and this end has not been told yet. The kernel asks when its
   * thread has been told that a channel towards it closed, and then calls {@link deliverClose}
   * inside this end's dispatcher.
   */
  closeArrived(): boolean {
    return !this.peerClosed && Atomics.load(this.control, this.theirs + CLOSED) !== 0;
  }

  /** Fires the peer-closed event (see {@link closeArrived}). */
  deliverClose(): void {
    this.onEvent(EV_PEER_CLOSED);
  }

  /** Whether the ring holds nothing to receive: once the peer has closed, nothing more will come. */
  silent(): boolean {
    return !this.rx.poll();
  }

  /** The peer's thread died: the channel is closed from its side, for `reason`. */
  peerDied(reason: string): void {
    if (this.peerClosed || this.closed) return;
    this.peerLost = reason;
    this.onEvent(EV_PEER_CLOSED);
  }

  override close(): void {
    if (this.closed) return;
    Atomics.store(this.control, this.mine + CLOSED, 1);
    if (this.bound()) this.host.doorbells.closed(this.peerThread);
    super.close();
  }

  protected peerAddress(): { core: number; id: number } | null {
    if (!this.bound()) return null;
    return { core: this.control[this.theirs + CORE]!, id: this.control[this.theirs + END_ID]! };
  }

  protected peerEnd(): null {
    return null;
  }

  protected peerLatency(): number {
    return 0;
  }
}

/** A new threads UMP channel frame and the maker's end on side 0. */
export function createThreadUmpChannel(host: UmpHost, disp: Dispatcher, slots: number): { end: ThreadUmpChannelEnd; object: KernelObject } {
  const rings = new ThreadUmpRings(slots);
  const object = new KernelObject(disp.machine.nextObjectId(), 'Frame', ThreadUmpRings.bytes(slots), rings);
  return { end: new ThreadUmpChannelEnd(disp, host, rings, object, 0), object };
}

/**
 * Maps a threads UMP channel frame: `disp`'s end on side 1. The maker learns of it by
 * polling (its send registration fires once the peer has bound), so there is nothing to
 * announce.
 */
export function mapThreadUmpChannel(host: UmpHost, disp: Dispatcher, object: KernelObject): ThreadUmpChannelEnd {
  const rings = object.payload;
  if (!(rings instanceof ThreadUmpRings)) throw notAUmpChannel(object);
  if (Atomics.load(new Int32Array(rings.control), SIDE_INTS + BOUND) !== 0) {
    throw new FlounderError('FLOUNDER_ERR_BIND', `the UMP channel in ${object.describe()} is already bound`);
  }
  return new ThreadUmpChannelEnd(disp, host, rings, object, 1);
}
