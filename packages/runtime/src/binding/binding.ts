/**
 * A Flounder binding: one end of a channel that speaks an interface, the state machine of
 * Flounder's generated stubs (`struct I_binding`). This file is the part every back end
 * shares; `lmp.ts` and `ump.ts` move the fragments.
 *
 * Sending. One message is in flight at a time (Flounder's `tx_msgnum`): it is encoded into
 * the binding's frames and its fragments are handed to the channel in order. A full channel
 * (LMP's transient `SYS_ERR_LMP_BUF_OVERFLOW`, a full UMP ring) is no error: the binding
 * registers to hear when it may send and goes on from the fragment it stopped at. A message
 * submitted while another is in flight waits in a queue rather than failing with
 * `FLOUNDER_ERR_TX_BUSY`, as the thesis chose (3.2.2), but it is checked at once, so a
 * message that could never go out fails in its sender. A message is sent when its last
 * fragment (and over UMP its last cap) has been handed over; then its completion runs
 * (Flounder's tx continuation).
 *
 * Receiving. A persistent receive handler on the dispatcher's default waitset takes fragments
 * as they arrive, reassembles them and hands each message, with its token, to the front end
 * (channels, handlers, RPC), all within the dispatcher's own event: no task runs in between
 * (the thesis' 5.1.2). A front end that can take no more stops receiving: the fragments stay
 * in the channel, which fills, and its sender waits; only this binding slows down.
 *
 * Errors and teardown. A fragment that does not fit the interface (`FLOUNDER_ERR_RX_*`) tears
 * the binding down with its error, as does a send that fails halfway through a message.
 * `close()` sends what was submitted before it, then closes the channel; the peer's binding
 * receives everything sent before and then goes too. Whichever way a binding goes, its front
 * end hears it once, and every message not yet sent fails.
 * @module
 */

import { FlounderError, isFlounderError } from '../errors.js';
import type { ChannelEnd, Dispatcher } from '../machine.js';
import type { MessageCodec } from '../wire/codec.js';
import { Frames } from '../wire/frames.js';
import type { InterfaceDescriptor } from '../wire/interface.js';
import type { Backend } from '../wire/plan.js';
import { Reassembler } from '../wire/reassembly.js';
import type { AnyMessage } from '../wire/schema.js';
import { RPC_ERROR_MSGNUM, controlInterface, type RpcError } from './control.js';

/** A message's values without its `type`: what a sender gives for it. */
export type Fields<M> = Omit<M, 'type'>;

/** What a binding hands what it receives to: a front end. */
export interface Receiver<M extends AnyMessage> {
  /**
   * A message arrived, with its token. Returning false stops receiving until the binding's
   * {@link Binding.resume}: the fragments that follow stay in the channel.
   */
  deliver(message: M, codec: MessageCodec<M>, token: number): boolean;
  /** The peer answered the call with `token` with an error (see `control.ts`). */
  deliverError(token: number, message: RpcError): void;
  /** The binding has gone: `error` says why, or is undefined when a side closed it. */
  ended(error: FlounderError | undefined): void;
}

/** Runs when a message that could not be sent at once is sent (no error) or never will be. */
export type Done = (error: FlounderError | undefined) => void;

/** What a binding did, for reports and the evaluation's breakdown. */
export interface BindingCounters {
  /** Messages handed to the channel completely. */
  sent: number;
  /** Messages received and handed to the front end. */
  received: number;
  /** Messages that had to wait behind another (Flounder would have said `TX_BUSY`). */
  queued: number;
  /** Times a fragment found the channel full and the binding waited to retry. */
  stalls: number;
  /** Times the front end stopped receiving because it could take no more. */
  pauses: number;
}

interface Outgoing {
  readonly codec: MessageCodec<unknown>;
  readonly message: unknown;
  readonly token: number;
  done: Done | undefined;
}

const OPEN = 0;
const CLOSING = 1;
const CLOSED = 2;

/** The state shared by the back ends; see the module comment. */
export abstract class Binding<M extends AnyMessage = AnyMessage> {
  /** The back end whose layouts the messages use. */
  abstract readonly backend: Backend;
  readonly dispatcher: Dispatcher;
  readonly counters: BindingCounters = { sent: 0, received: 0, queued: 0, stalls: 0, pauses: 0 };
  /** Why the binding was torn down, once it has been by an error. */
  error: FlounderError | undefined = undefined;
  /** Whether any message of the interface carries a cap. */
  protected readonly carriesCaps: boolean;

  /** The frames of the message in flight; the back end sends them from fragment {@link txFragment}. */
  protected readonly tx = new Frames();
  /** The next fragment of the message in flight to hand to the channel. */
  protected txFragment = 0;
  protected readonly rxBuf: Uint32Array;
  protected readonly rx: Reassembler<M>;
  /** The reassembler in the middle of a message, if one is. */
  protected rxActive: Reassembler<AnyMessage> | undefined = undefined;
  private control: Reassembler<RpcError> | undefined = undefined;
  private txBusy = false;
  private txDone: Done | undefined = undefined;
  private readonly queue: Outgoing[] = [];
  private queueHead = 0;
  /** Frames to check a message in before it queues. */
  private scratch: Frames | undefined = undefined;
  private state: number = OPEN;
  private sendRegistered = false;
  private recvRegistered = false;
  private idleWaiters: (() => void)[] = [];
  private readonly retrySend = (): void => {
    this.sendRegistered = false;
    this.pump();
  };
  private readonly onRecv = (): void => this.receive();

  constructor(
    readonly descriptor: InterfaceDescriptor<M>,
    readonly end: ChannelEnd,
    private readonly receiver: Receiver<M>,
  ) {
    if (descriptor.byNumber.length > RPC_ERROR_MSGNUM) {
      throw new FlounderError(
        'FLOUNDER_ERR_INVALID_STATE',
        `interface ${descriptor.name} has message numbers up to ${descriptor.byNumber.length - 1}; a binding reserves ${RPC_ERROR_MSGNUM} and up`,
      );
    }
    this.dispatcher = end.dispatcher;
    this.carriesCaps = descriptor.byNumber.some((codec) => codec !== undefined && codec.capCount > 0);
    this.rx = new Reassembler(descriptor, end.kind === 'ump' ? 'ump' : 'lmp');
    this.rxBuf = new Uint32Array(2 * end.fragmentWords);
    this.resume();
  }

  /** Sends the fragments of the message in flight from {@link txFragment}; false if it must wait. */
  protected abstract transmit(): boolean;
  /** Takes what has arrived from the channel (the receive handler). */
  protected abstract receive(): void;

  /** A readable name of the binding. */
  get label(): string {
    return `${this.descriptor.name} binding on ${this.end.label}`;
  }

  /** Whether the binding was torn down, or closes once its last message is sent. */
  get closing(): boolean {
    return this.state !== OPEN;
  }

  /** Whether a message submitted now would go out at once: nothing in flight or waiting (`can_send`). */
  get idle(): boolean {
    return !this.txBusy && this.state === OPEN;
  }

  /** Messages submitted and not yet handed to the channel. */
  get backlog(): number {
    return (this.txBusy ? 1 : 0) + this.queue.length - this.queueHead;
  }

  // ---- sending ----------------------------------------------------------------------------

  /**
   * Sends `message` of `codec` with `token`: now if nothing is in flight, else after the
   * messages submitted before it. Returns true if it was handed to the channel completely
   * now; otherwise {@link onSent} can say when it is. Throws a `FlounderError` if it can never
   * be sent (a value of the wrong type or too long, a cap this domain does not hold, a
   * binding that is closing or gone); nothing of it was sent then.
   */
  submit(codec: MessageCodec<unknown>, message: unknown, token: number): boolean {
    if (this.state !== OPEN) throw this.closedError();
    if (this.txBusy) {
      const scratch = (this.scratch ??= new Frames());
      this.encode(codec, message, token, scratch);
      this.queue.push({ codec, message, token, done: undefined });
      this.counters.queued++;
      return false;
    }
    this.encode(codec, message, token, this.tx);
    this.txBusy = true;
    this.txFragment = 0;
    this.txDone = undefined;
    let sent: boolean;
    try {
      sent = this.transmit();
    } catch (err) {
      this.txBusy = false;
      const error = asFlounderError(err);
      if (this.txFragment > 0) this.teardown(error);
      throw error;
    }
    if (!sent) return false;
    this.txBusy = false;
    this.counters.sent++;
    return true;
  }

  /** Sets what runs when the message {@link submit} last returned false for is sent, or fails. */
  onSent(done: Done): void {
    if (this.queue.length > this.queueHead) this.queue[this.queue.length - 1]!.done = done;
    else if (this.txBusy) this.txDone = done;
    else done(undefined);
  }

  /**
   * Takes back the message whose completion is `done` if it still waits behind another;
   * false if it is not waiting (in flight, sent, or failed).
   */
  withdraw(done: Done): boolean {
    for (let i = this.queueHead; i < this.queue.length; i++) {
      if (this.queue[i]!.done === done) {
        this.queue.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  /** Runs `then` (as an event of the dispatcher) once nothing is in flight (`register_send`). */
  whenIdle(then: () => void): void {
    if (this.state === CLOSED) return;
    if (this.txBusy) this.idleWaiters.push(then);
    else this.dispatcher.waitset.defer(then);
  }

  /** Encodes a message and checks its caps: everything that could make it fail before sending. */
  private encode(codec: MessageCodec<unknown>, message: unknown, token: number, out: Frames): void {
    codec.encode(message, this.backend, token, out);
    if (codec.capCount !== 0) this.checkCaps(codec, out);
  }

  /** Throws `SYS_ERR_CAP_NOT_FOUND` naming the argument if a cap of the message is not this domain's. */
  private checkCaps(codec: MessageCodec<unknown>, out: Frames): void {
    const names = codec.fields.filter((f) => f.type === 'cap' || f.type === 'give_away_cap');
    out.caps.forEach((cap, i) => {
      try {
        this.dispatcher.identifyCap(cap);
      } catch (err) {
        throw new FlounderError(
          'SYS_ERR_CAP_NOT_FOUND',
          `${this.descriptor.name}.${codec.name}: ${names[i]!.name} is not a capability ${this.dispatcher.name} holds`,
          { cause: err },
        );
      }
    });
  }

  /** Called by a back end whose fragment found the channel full: retry when it has room. */
  protected waitToSend(): void {
    this.counters.stalls++;
    if (!this.sendRegistered) {
      this.sendRegistered = true;
      this.end.registerSend(this.retrySend);
    }
  }

  /** Sends the message in flight and then the queue, as far as the channel lets it. */
  private pump(): void {
    while (this.state !== CLOSED) {
      if (this.txBusy) {
        try {
          if (!this.transmit()) return;
        } catch (err) {
          this.sendFailed(asFlounderError(err));
          continue;
        }
        this.txBusy = false;
        this.counters.sent++;
        const done = this.txDone;
        this.txDone = undefined;
        done?.(undefined);
      }
      if (this.queueHead === this.queue.length) break;
      const next = this.queue[this.queueHead]!;
      this.queue[this.queueHead++] = undefined as unknown as Outgoing;
      if (this.queueHead === this.queue.length) this.queue.length = this.queueHead = 0;
      try {
        this.encode(next.codec, next.message, next.token, this.tx);
      } catch (err) {
        next.done?.(asFlounderError(err)); // a cap deleted while the message waited
        continue;
      }
      this.txBusy = true;
      this.txFragment = 0;
      this.txDone = next.done;
    }
    if (this.txBusy || this.state === CLOSED) return;
    if (this.state === CLOSING) {
      this.teardown(undefined);
      return;
    }
    const waiters = this.idleWaiters;
    if (waiters.length > 0) {
      this.idleWaiters = [];
      for (const then of waiters) this.dispatcher.waitset.defer(then);
    }
  }

  /** The message in flight failed: alone if nothing of it went out, else the binding with it. */
  private sendFailed(error: FlounderError): void {
    const done = this.txDone;
    this.txBusy = false;
    this.txDone = undefined;
    if (this.txFragment > 0) {
      this.teardown(error, done);
      return;
    }
    done?.(error);
    // The peer has gone: nothing else will go out either; what it sent is still received.
    if (error.code === 'FLOUNDER_ERR_BINDING_CLOSED') this.failQueue(error);
  }

  private failQueue(error: FlounderError): void {
    const queue = this.queue.slice(this.queueHead);
    this.queue.length = this.queueHead = 0;
    for (const m of queue) m.done?.(error);
  }

  // ---- receiving --------------------------------------------------------------------------

  /** The reassembler for a message that starts with `msgnum`. */
  protected reassemblerFor(msgnum: number): Reassembler<AnyMessage> {
    if (msgnum !== RPC_ERROR_MSGNUM) return this.rx;
    return (this.control ??= new Reassembler(controlInterface, this.rx.backend));
  }

  /**
   * After `from` took a fragment: remembers it if it is in the middle of a message, else hands
   * the message it completed to the front end. Returns whether to go on receiving.
   */
  protected took(from: Reassembler<AnyMessage>, message: AnyMessage | undefined): boolean {
    this.rxActive = from.receiving === undefined ? undefined : from;
    return message === undefined || this.delivered(from, message);
  }

  /**
   * Hands the message `from` completed to the front end. Returns whether to go on receiving:
   * false when the front end can take no more (receiving stops until {@link resume}), or
   * when the binding has gone meanwhile.
   */
  protected delivered(from: Reassembler<AnyMessage>, message: AnyMessage): boolean {
    if (this.state !== OPEN) return this.state === CLOSING; // closing: what arrives is dropped
    this.counters.received++;
    const frames = from.frames;
    if (from !== this.rx) {
      this.receiver.deliverError(frames.token, message as RpcError);
    } else if (!this.receiver.deliver(message as M, this.descriptor.byNumber[frames.msgnum]!, frames.token)) {
      this.pause();
      return false;
    }
    return !this.gone; // a front end may have closed it
  }

  /** Stops receiving until {@link resume}: the front end can take no more. */
  private pause(): void {
    if (this.gone || !this.recvRegistered) return;
    this.recvRegistered = false;
    this.counters.pauses++;
    this.end.deregisterRecv();
  }

  /** Whether the binding has been torn down (a method, so that TypeScript does not narrow it). */
  private get gone(): boolean {
    return this.state === CLOSED;
  }

  /** Receives again after a front end stopped it. */
  resume(): void {
    if (this.state === CLOSED || this.recvRegistered) return;
    this.recvRegistered = true;
    this.end.registerRecv(this.onRecv, { persistent: true });
  }

  /** A fragment did not fit the interface: the binding cannot go on. */
  protected malformed(err: unknown): void {
    this.teardown(asFlounderError(err));
  }

  // ---- teardown ---------------------------------------------------------------------------

  /** Closes the binding once what was submitted before has been sent. Closing twice does nothing. */
  close(): void {
    if (this.state !== OPEN) return;
    this.state = CLOSING;
    if (!this.txBusy) {
      this.teardown(undefined);
      return;
    }
    // Until the last message is out, drop what arrives: a peer blocked sending to us must not
    // keep our messages from going out.
    this.resume();
  }

  /**
   * Tears the binding down now: the channel closes, every message not yet sent fails, and the
   * front end hears why. `error` is undefined when a side closed it in order.
   */
  teardown(error: FlounderError | undefined, inFlight?: Done): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.error = error;
    this.recvRegistered = this.sendRegistered = false;
    this.end.close();
    this.rx.reset();
    this.control?.reset();
    this.rxActive = undefined;
    this.idleWaiters = [];
    const reason = error ?? this.closedError();
    const done = inFlight ?? this.txDone;
    this.txBusy = false;
    this.txDone = undefined;
    done?.(reason);
    this.failQueue(reason);
    this.receiver.ended(error);
  }

  /** The error for using a binding that is closing or gone. */
  closedError(): FlounderError {
    const end = this.end;
    const why = this.error
      ? `torn down by ${this.error.code}: ${this.error.message}`
      : end.peerLost !== null
        ? `the peer was lost: ${end.peerLost}`
        : end.peerClosed
          ? 'the peer closed it'
          : 'it was closed';
    return new FlounderError('FLOUNDER_ERR_BINDING_CLOSED', `${this.label}: ${why}`);
  }
}

/** `err` as a `FlounderError`: itself, or wrapped as `FLOUNDER_ERR_INVALID_STATE` with it as the cause. */
export function asFlounderError(err: unknown): FlounderError {
  if (isFlounderError(err)) return err;
  return new FlounderError('FLOUNDER_ERR_INVALID_STATE', err instanceof Error ? err.message : String(err), { cause: err });
}
