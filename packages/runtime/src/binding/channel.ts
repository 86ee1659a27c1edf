/**
 * The channel API (thesis 3.2.3): a binding as a pair of typed channels. `listen` gives a
 * receive channel of accepted connections; `connect` gives one connection; each is a `send`
 * channel and a `recv` channel of the interface's messages, so `for await (const m of recv)`
 * with a `switch (m.type)` over the message union handles a connection.
 *
 * Where the thesis' integration fell short (3.2.4, 5.1), this one does not:
 * - A send reports its failure to its sender (5.1.1). `send.send(m)` resolves when the message
 *   has been handed to the channel and rejects with the `FlounderError` if it cannot be sent
 *   (a bad value, a cap not held, a binding that has gone); a message sent while another is
 *   in flight waits for it in order. `send.trySend(m)` takes a message only when nothing is in
 *   flight (Flounder's `can_send`) and throws for a message that cannot be sent.
 * - A message arriving goes straight to the task waiting in `recv` (5.1.2): the binding's
 *   receive handler, run by the dispatcher itself, hands it over; no dispatch task in between.
 * - A full receive buffer slows only its own binding (3.2.4): the binding stops taking
 *   fragments from the channel, so the sender's channel fills and it waits. Nothing is dropped,
 *   and no other binding stalls.
 * - Closing a pair (or its `send` channel) tears the binding down once what was sent has gone
 *   out; `recv` closes at once (what it holds can still be received). The peer receives
 *   everything sent before, then its `recv` closes.
 *
 * RPC servers written with channels answer a call received on `recv` with `reply(call,
 * response)`, which sends the response under the call's token, or `fail(call, error)`.
 * @module
 */

import { Chan, type RecvChan, type SendChan } from '../chan/chan.js';
import { notePark, noteResume } from '../chan/scheduler.js';
import { FlounderError } from '../errors.js';
import type { BindOptions, ChannelEnd, Dispatcher } from '../machine.js';
import type { CapRef, Iref } from '../types.js';
import type { MessageCodec } from '../wire/codec.js';
import type { InterfaceDescriptor } from '../wire/interface.js';
import type { AnyMessage } from '../wire/schema.js';
import { describe } from '../chan/describe.js';
import type { Binding, BindingCounters, Done, Receiver } from './binding.js';
import { controlInterface, rpcError, rpcErrorToError, type RpcError } from './control.js';
import { bindTarget, createBinding, exportService, type Target } from './establish.js';
import { CallTokens, NO_VALUES, responseCodec, type CallOf, type NoRpcs, type ResponseTo, type RpcMap, type RpcOuts } from './rpc.js';
import { stageObserver } from './stages.js';

/** Received messages a connection buffers for its receivers unless told otherwise. */
export const DEFAULT_RECV_BUFFER = 64;
/** Accepted connections a listener holds for its receivers unless told otherwise. */
export const DEFAULT_BACKLOG = 16;

/** How a channel pair is made. */
export interface ChannelOptions extends BindOptions {
  /**
   * How many received messages wait for a receiver before the binding stops taking more from
   * the channel; {@link DEFAULT_RECV_BUFFER} by default, 0 for none.
   */
  readonly buffer?: number;
}

/** How a service listens. */
export interface ListenOptions {
  /** The receive buffer of every accepted connection (see {@link ChannelOptions.buffer}). */
  readonly buffer?: number;
  /** How many accepted connections wait to be received; {@link DEFAULT_BACKLOG} by default. */
  readonly backlog?: number;
}

/** The send channel of a pair: a `SendChan` of the interface's messages that reports failures. */
export interface MessageSendChan<M extends AnyMessage> extends SendChan<M> {
  /**
   * Sends `message`: resolves once it has been handed to the channel, after the messages sent
   * before it; rejects with a `FlounderError` if it cannot be sent, or with the signal's
   * reason if `signal` aborts while the message still waits behind another (it is then not
   * sent). `cap` is 0; `len` counts the messages waiting to go out.
   */
  readonly send: (message: M, signal?: AbortSignal) => Promise<void>;
  /**
   * Sends `message` if nothing is in flight (Flounder's `can_send`): true, and the message
   * goes out now or as soon as the channel has room; false, and nothing was done. Throws a
   * `FlounderError` for a message that cannot be sent.
   */
  readonly trySend: (message: M) => boolean;
  /** Closes the pair (see {@link ChannelPair.close}). */
  close(): void;
}

/** A connection of an interface as a pair of channels; see the module comment. */
export interface ChannelPair<M extends AnyMessage, R extends RpcMap = NoRpcs> {
  /** Sends messages to the peer. */
  readonly send: MessageSendChan<M>;
  /** Receives the peer's messages; closed when the binding goes. */
  readonly recv: RecvChan<M>;
  /**
   * Answers `call`, received on `recv`, with its response under the call's token; resolves
   * and rejects as `send.send`. Each call is answered once.
   */
  reply<C extends CallOf<R>>(call: C, response: RpcOuts<ResponseTo<R, C>>): Promise<void>;
  /** Answers `call` with `error`: the caller's promise rejects with it. */
  fail(call: CallOf<R>, error: unknown): Promise<void>;
  /** Closes the pair: `recv` now, the binding once what was sent has gone out. */
  close(): void;
  /** Resolves once the binding has gone: with the error that tore it down, or undefined. */
  readonly closed: Promise<FlounderError | undefined>;
  /** The interconnect the bind chose: LMP on one core, UMP between cores, local within a domain. */
  readonly interconnect: ChannelEnd['kind'];
  /** What the binding did. */
  readonly counters: BindingCounters;
}

/** A receive channel of accepted connections, with the iref of the service. */
export interface Listener<P> extends RecvChan<P> {
  /** The service's iref. */
  readonly iref: Iref;
  /** Stops accepting: clients that bind from now on are refused; `recv` closes. */
  close(): void;
}

const RESOLVED: Promise<void> = Promise.resolve();

function ignore(): void {}

/** A binding and its channel front end. */
class ChannelConnection<M extends AnyMessage, R extends RpcMap> implements ChannelPair<M, R>, Receiver<M> {
  readonly binding: Binding<M>;
  readonly send: MessageSendChan<M>;
  readonly recv: Chan<M>;
  readonly closed: Promise<FlounderError | undefined>;
  private resolveClosed!: (error: FlounderError | undefined) => void;
  private recvClosed = false;
  /** While the receive buffer is full: the send of the message that did not fit. */
  private parked: Promise<void> | undefined = undefined;
  /** The tokens of calls received and not answered yet. */
  private readonly tokens = new CallTokens();
  /** The codec of the message sent last. */
  private lastCodec: MessageCodec<M> | undefined = undefined;
  private readonly unpark = (): void => {
    this.parked = undefined;
    this.binding.resume();
  };

  constructor(
    private readonly descriptor: InterfaceDescriptor<M>,
    end: ChannelEnd,
    buffer: number = DEFAULT_RECV_BUFFER,
  ) {
    this.recv = new Chan<M>(buffer);
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    const binding = (this.binding = createBinding(descriptor, end, this));
    this.send = {
      cap: 0,
      get len(): number {
        return binding.backlog;
      },
      send: (message, signal) => {
        let codec: MessageCodec<M>;
        try {
          codec = this.codecOf(message);
        } catch (err) {
          return Promise.reject(err);
        }
        return this.submit(codec, message, 0, signal);
      },
      trySend: (message) => {
        if (!binding.idle) {
          if (binding.closing) throw binding.closedError();
          return false;
        }
        binding.submit(this.codecOf(message), message, 0);
        return true;
      },
      close: () => this.close(),
    };
  }

  get interconnect(): ChannelEnd['kind'] {
    return this.binding.end.kind;
  }

  get counters(): BindingCounters {
    return this.binding.counters;
  }

  reply<C extends CallOf<R>>(call: C, response: RpcOuts<ResponseTo<R, C>>): Promise<void> {
    let token: number;
    let codec: MessageCodec<unknown>;
    try {
      token = this.tokens.take(call);
      codec = responseCodec(this.descriptor, this.descriptor.codec(call.type));
    } catch (err) {
      return Promise.reject(err);
    }
    return this.submit(codec, response ?? NO_VALUES, token, undefined);
  }

  fail(call: CallOf<R>, error: unknown): Promise<void> {
    let token: number;
    try {
      token = this.tokens.take(call);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.submit(controlInterface.messages.rpc_error, rpcError(error), token, undefined);
  }

  close(): void {
    this.binding.close();
    if (this.recvClosed) return;
    this.recvClosed = true;
    this.recv.close();
  }

  /** Sends a message and says when it has gone: at once (no promise made) in the common case. */
  private submit(codec: MessageCodec<unknown>, message: unknown, token: number, signal: AbortSignal | undefined): Promise<void> {
    const observer = stageObserver;
    if (observer === null) return this.submitNow(codec, message, token, signal);
    observer.enter('send');
    const sent = this.submitNow(codec, message, token, signal);
    observer.leave();
    return sent;
  }

  private submitNow(codec: MessageCodec<unknown>, message: unknown, token: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const binding = this.binding;
    try {
      if (binding.submit(codec, message, token)) return RESOLVED;
    } catch (err) {
      return Promise.reject(err);
    }
    // The sender waits until the message has gone: a park and, when it has, a resume the host sees.
    return new Promise((resolve, reject) => {
      notePark();
      const done: Done = (error) => {
        signal?.removeEventListener('abort', abort);
        noteResume();
        if (error === undefined) resolve();
        else reject(error);
      };
      const abort = (): void => {
        if (!binding.withdraw(done)) return;
        noteResume();
        reject(signal!.reason);
      };
      binding.onSent(done);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  private codecOf(message: M): MessageCodec<M> {
    if (typeof message !== 'object' || message === null) {
      throw new FlounderError('FLOUNDER_ERR_BAD_ARGUMENT', `${this.descriptor.name}: a message must be an object, got ${describe(message)}`);
    }
    // A connection mostly sends one kind of message: keep the last codec rather than look it up.
    const type = message.type;
    const last = this.lastCodec;
    if (last !== undefined && last.name === type) return last;
    return (this.lastCodec = this.descriptor.codec(type));
  }

  // ---- the binding's receiver ----

  deliver(message: M, codec: MessageCodec<M>, token: number): boolean {
    const observer = stageObserver;
    if (observer === null) return this.handOver(message, codec, token);
    observer.enter('deliver');
    const taken = this.handOver(message, codec, token);
    observer.leave();
    return taken;
  }

  /** Puts a received message in `recv`, or parks it there and stops receiving when `recv` is full. */
  private handOver(message: M, codec: MessageCodec<M>, token: number): boolean {
    if (codec.kind === 'call') this.tokens.received(message, token);
    const recv = this.recv;
    if (recv.trySend(message)) return true;
    // The buffer is full: hold this message until a receiver takes one, and stop receiving.
    this.parked = recv.send(message).then(this.unpark, ignore);
    return false;
  }

  deliverError(token: number, message: RpcError): void {
    // A channel has no call to reject: the error answering one it sent ends the binding.
    this.binding.teardown(rpcErrorToError(message, `the call with token ${token}`));
  }

  ended(error: FlounderError | undefined): void {
    this.resolveClosed(error);
    if (this.recvClosed) return;
    this.recvClosed = true;
    if (this.parked === undefined) this.recv.close();
    else void this.parked.then(() => this.recv.close());
  }
}

/**
 * Exports a service of interface `descriptor`, registers it as `service` with the
 * nameservice (unless `service` is undefined), and resolves with the channel of its accepted
 * connections.
 */
export async function listenChannels<M extends AnyMessage, R extends RpcMap = NoRpcs>(
  descriptor: InterfaceDescriptor<M>,
  disp: Dispatcher,
  service: string | undefined,
  options: ListenOptions = {},
): Promise<Listener<ChannelPair<M, R>>> {
  const listener = new ConnectionListener<ChannelPair<M, R>>(checkSize('backlog', options.backlog, DEFAULT_BACKLOG));
  const buffer = checkSize('buffer', options.buffer, DEFAULT_RECV_BUFFER);
  listener.iref = await exportService(disp, service, (end) => {
    if (listener.stopped) throw new FlounderError('FLOUNDER_ERR_BIND', `${descriptor.name} service ${service ?? listener.iref}: no longer accepting`);
    const connection = new ChannelConnection<M, R>(descriptor, end, buffer);
    if (!listener.trySend(connection)) listener.send(connection).catch(() => connection.close());
  });
  return listener;
}

/** Binds to `target` (a service name, an iref or an endpoint cap) and resolves with the pair. */
export async function connectChannel<M extends AnyMessage, R extends RpcMap = NoRpcs>(
  descriptor: InterfaceDescriptor<M>,
  disp: Dispatcher,
  target: Target,
  options: ChannelOptions = {},
): Promise<ChannelPair<M, R>> {
  const buffer = checkSize('buffer', options.buffer, DEFAULT_RECV_BUFFER);
  return new ChannelConnection<M, R>(descriptor, await bindTarget(disp, target, options), buffer);
}

/**
 * Makes an endpoint another dispatcher can bind to with its cap (Flounder's
 * `create_endpoint`): `'lmp'` for one on this core, `'ump'` for any. The pair can be used at
 * once; what is sent goes out when the peer has bound.
 */
export function createChannelEndpoint<M extends AnyMessage, R extends RpcMap = NoRpcs>(
  descriptor: InterfaceDescriptor<M>,
  disp: Dispatcher,
  kind: 'lmp' | 'ump',
  options: ChannelOptions = {},
): { readonly cap: CapRef; readonly channel: ChannelPair<M, R> } {
  const buffer = checkSize('buffer', options.buffer, DEFAULT_RECV_BUFFER);
  const { end, cap } = disp.createEndpoint(kind, options);
  return { cap, channel: new ChannelConnection<M, R>(descriptor, end, buffer) };
}

/** The accept channel of a service. */
class ConnectionListener<P> extends Chan<P> implements Listener<P> {
  iref: Iref = 0;
  stopped = false;

  override close(): void {
    this.stopped = true;
    super.close();
  }
}

function checkSize(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new FlounderError('FLOUNDER_ERR_BAD_ARGUMENT', `${name} must be a whole number >= 0, got ${describe(value)}`);
  }
  return value;
}
