/**
 * The handler API (thesis Figure 4.22): Flounder's own way to use a binding, with receive
 * handlers (`rx_vtbl`) called as messages arrive and typed send methods (`tx_vtbl`). The same
 * binding is an RPC client (`rpc_tx_vtbl`) and, given a server object, an RPC server
 * (`rpc_rx_vtbl`).
 *
 * This is the fast path: a message arrives, is decoded and its handler called within the
 * dispatcher's event; a send method encodes and hands the fragments over within the call.
 * No channel, no promise, no allocation per message beyond the message object itself.
 *
 * Names are the IDL's, as in the messages' `type`: `b.tx.ping(...)`, a handler `pong`, an rpc
 * method `b.rpc.get(...)`.
 * @module
 */

import { FlounderError } from '../errors.js';
import type { BindOptions, ChannelEnd, Dispatcher } from '../machine.js';
import type { Iref } from '../types.js';
import type { MessageCodec } from '../wire/codec.js';
import type { InterfaceDescriptor } from '../wire/interface.js';
import type { AnyMessage } from '../wire/schema.js';
import type { Binding, BindingCounters, Receiver } from './binding.js';
import { rpcErrorToError, type RpcError } from './control.js';
import { bindTarget, createBinding, exportService, type Target } from './establish.js';
import {
  CallTokens,
  NO_VALUES,
  RpcCalls,
  answerError,
  responseCodec,
  serveCall,
  type Args,
  type CallOf,
  type NoRpcs,
  type RpcClient,
  type RpcMap,
  type RpcOuts,
  type RpcServer,
  type ResponseTo,
} from './rpc.js';

/** The message of type `K` of the union `M`. */
type MessageOf<M extends AnyMessage, K> = Extract<M, { readonly type: K }>;

/**
 * Receive handlers (Flounder's `rx_vtbl`): a function per message, by its IDL name, called
 * with the binding and the message as it arrives. A message without a handler tears the
 * binding down with `FLOUNDER_ERR_RX_NO_HANDLER`.
 */
export type Handlers<M extends AnyMessage, B> = {
  readonly [K in M['type']]?: (binding: B, message: MessageOf<M, K>) => void;
};

/**
 * Send methods (Flounder's `tx_vtbl`): a method per message, by its IDL name, taking its
 * values and an optional continuation, run (as an event of the dispatcher) once the message
 * has been handed to the channel. A message sent while another is in flight waits for it
 * (Flounder would fail with `FLOUNDER_ERR_TX_BUSY`). Throws a `FlounderError` for a message
 * that cannot be sent: values of the wrong type or too long, a cap not held, a closed binding.
 */
export type Tx<M extends AnyMessage> = {
  readonly [K in M['type']]: (...args: [...Args<MessageOf<M, K>>, then?: () => void]) => void;
};

/** A binding used through handlers; see the module comment. */
export interface HandlerBinding<M extends AnyMessage, R extends RpcMap = NoRpcs> {
  /** Sends messages. */
  readonly tx: Tx<M>;
  /** Calls rpcs: any number may be in flight. */
  readonly rpc: RpcClient<R>;
  /** The receive handlers; may be replaced at any time. */
  handlers: Handlers<M, HandlerBinding<M, R>>;
  /**
   * Called when the binding is torn down by an error (Flounder's `error_handler`). Without
   * one the error is thrown where it was found, which fails the dispatcher's run, as
   * Barrelfish's default handler aborts.
   */
  onError: ((error: FlounderError, binding: HandlerBinding<M, R>) => void) | undefined;
  /** The dispatcher the binding's handlers run on. */
  readonly dispatcher: Dispatcher;
  /** The interconnect the bind chose: LMP on one core, UMP between cores, local within a domain. */
  readonly interconnect: ChannelEnd['kind'];
  /** What the binding did. */
  readonly counters: BindingCounters;
  /** Whether nothing is in flight, so a message sent now goes out at once (`can_send`). */
  canSend(): boolean;
  /** Runs `then` (as an event of the dispatcher) once nothing is in flight (`register_send`). */
  registerSend(then: () => void): void;
  /**
   * Answers `call`, received by a handler on this binding, with its response, under the
   * call's token; `then` as for a send method. Each call is answered once.
   */
  reply<C extends CallOf<R>>(call: C, response: RpcOuts<ResponseTo<R, C>>, then?: () => void): void;
  /** Answers `call` with `error`: the caller's promise rejects with it. */
  fail(call: CallOf<R>, error: unknown): void;
  /** Closes the binding once what was sent before has gone out; the peer sees it close. */
  close(): void;
  /** Resolves once the binding has gone: with the error that tore it down, or undefined. */
  readonly closed: Promise<FlounderError | undefined>;
}

type Handler = (binding: unknown, message: AnyMessage) => void;

/** A binding and its handler front end. */
class HandlerConnection<M extends AnyMessage, R extends RpcMap> implements HandlerBinding<M, R>, Receiver<M> {
  readonly binding: Binding<M>;
  readonly tx: Tx<M>;
  readonly closed: Promise<FlounderError | undefined>;
  onError: HandlerBinding<M, R>['onError'] = undefined;
  /** The RPC server the calls go to, if the binding serves them. */
  server: object | undefined = undefined;
  private rxHandlers: Handlers<M, HandlerBinding<M, R>> = {};
  /** The handlers by message number. */
  private table: (Handler | undefined)[] = [];
  private calls: RpcCalls | undefined = undefined;
  private rpcClient: RpcClient<R> | undefined = undefined;
  /** The tokens of calls received by handlers and not answered yet. */
  private readonly tokens = new CallTokens();
  private resolveClosed!: (error: FlounderError | undefined) => void;

  constructor(descriptor: InterfaceDescriptor<M>, end: ChannelEnd) {
    this.binding = createBinding(descriptor, end, this);
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    const tx: Record<string, (values?: unknown, then?: () => void) => void> = {};
    for (const codec of descriptor.byNumber) {
      if (codec !== undefined) tx[codec.name] = (values, then) => this.send(codec, values, 0, then);
    }
    this.tx = tx as unknown as Tx<M>;
  }

  get rpc(): RpcClient<R> {
    return (this.rpcClient ??= (this.calls ??= new RpcCalls(this.binding)).client<R>());
  }

  get handlers(): Handlers<M, HandlerBinding<M, R>> {
    return this.rxHandlers;
  }

  set handlers(handlers: Handlers<M, HandlerBinding<M, R>>) {
    const table: (Handler | undefined)[] = [];
    for (const codec of this.binding.descriptor.byNumber) {
      if (codec === undefined) continue;
      const handler: unknown = (handlers as Record<string, unknown>)[codec.name];
      if (handler === undefined) continue;
      if (typeof handler !== 'function') {
        throw new FlounderError('FLOUNDER_ERR_BAD_ARGUMENT', `the handler for ${codec.name} must be a function, got ${typeof handler}`);
      }
      table[codec.number] = handler as Handler;
    }
    this.rxHandlers = handlers;
    this.table = table;
  }

  get dispatcher(): Dispatcher {
    return this.binding.dispatcher;
  }

  get interconnect(): ChannelEnd['kind'] {
    return this.binding.end.kind;
  }

  get counters(): BindingCounters {
    return this.binding.counters;
  }

  canSend(): boolean {
    return this.binding.idle;
  }

  registerSend(then: () => void): void {
    this.binding.whenIdle(then);
  }

  reply<C extends CallOf<R>>(call: C, response: RpcOuts<ResponseTo<R, C>>, then?: () => void): void {
    const token = this.tokens.take(call);
    const codec = responseCodec(this.binding.descriptor, this.binding.descriptor.codec(call.type));
    this.send(codec, response ?? NO_VALUES, token, then);
  }

  fail(call: CallOf<R>, error: unknown): void {
    answerError(this.binding, this.tokens.take(call), error);
  }

  close(): void {
    this.binding.close();
  }

  private send(codec: MessageCodec<unknown>, values: unknown, token: number, then: (() => void) | undefined): void {
    const binding = this.binding;
    if (binding.submit(codec, values ?? NO_VALUES, token)) {
      if (then !== undefined) binding.dispatcher.waitset.defer(then);
    } else if (then !== undefined) {
      binding.onSent((error) => {
        if (error === undefined) binding.dispatcher.waitset.defer(then);
      });
    }
  }

  // ---- the binding's receiver ----

  deliver(message: M, codec: MessageCodec<M>, token: number): boolean {
    const kind = codec.kind;
    if (kind === 'message') {
      // The fast path: straight to the handler.
    } else if (kind === 'response') {
      if (this.calls?.answer(token, codec, message)) return true;
    } else {
      if (this.server !== undefined) {
        serveCall(this.binding, this.server, codec, message, token, this);
        return true;
      }
      this.tokens.received(message, token);
    }
    const handler = this.table[codec.number];
    if (handler === undefined) {
      this.binding.teardown(
        codec.kind === 'response'
          ? new FlounderError('FLOUNDER_ERR_RPC_MISMATCH', `${this.binding.label}: ${codec.name} with token ${token} answers no call in flight`)
          : new FlounderError('FLOUNDER_ERR_RX_NO_HANDLER', `${this.binding.label}: no handler for ${codec.name}`),
      );
      return false;
    }
    handler.call(this.rxHandlers, this, message);
    return true;
  }

  deliverError(token: number, message: RpcError): void {
    if (this.calls?.answerError(token, message)) return;
    this.binding.teardown(rpcErrorToError(message, `a call with token ${token}, which is not in flight`));
  }

  ended(error: FlounderError | undefined): void {
    this.calls?.failAll(error ?? this.binding.closedError());
    this.resolveClosed(error);
    if (error === undefined) return;
    if (this.onError === undefined) throw error;
    this.onError(error, this);
  }
}

/**
 * Exports a service of interface `descriptor` and registers it as `service` (unless that is
 * undefined); resolves with its iref. For every client that binds, `connect` gets the new
 * binding (Flounder's `connect_cb`) and returns its receive handlers; throwing refuses the
 * client, whose bind fails with the error.
 */
export function serveHandlers<M extends AnyMessage, R extends RpcMap = NoRpcs>(
  descriptor: InterfaceDescriptor<M>,
  disp: Dispatcher,
  service: string | undefined,
  connect: (binding: HandlerBinding<M, R>) => Handlers<M, HandlerBinding<M, R>> | void,
): Promise<Iref> {
  return exportService(disp, service, (end) => {
    const b = new HandlerConnection<M, R>(descriptor, end);
    try {
      const handlers = connect(b);
      if (handlers) b.handlers = handlers;
    } catch (err) {
      b.binding.teardown(undefined);
      throw err;
    }
  });
}

/**
 * Exports a service of interface `descriptor` whose rpcs `server` answers, and registers it
 * as `service` (unless undefined); resolves with its iref. `server` is one object for every
 * client, or a function making one for each binding.
 */
export function serveRpcs<M extends AnyMessage, R extends RpcMap>(
  descriptor: InterfaceDescriptor<M>,
  disp: Dispatcher,
  service: string | undefined,
  server: RpcServer<R, HandlerBinding<M, R>> | ((binding: HandlerBinding<M, R>) => RpcServer<R, HandlerBinding<M, R>>),
): Promise<Iref> {
  if ((typeof server !== 'object' && typeof server !== 'function') || server === null) {
    return Promise.reject(new FlounderError('FLOUNDER_ERR_BAD_ARGUMENT', 'serveRpcs: the server must be an object of methods or a function making one'));
  }
  return exportService(disp, service, (end) => {
    const b = new HandlerConnection<M, R>(descriptor, end);
    b.server = typeof server === 'function' ? server(b) : server;
  });
}

/**
 * Binds to `target` (a service name, an iref or an endpoint cap) with interface
 * `descriptor`; resolves with the binding, its receive handlers set to `handlers`.
 */
export async function bindHandlers<M extends AnyMessage, R extends RpcMap = NoRpcs>(
  descriptor: InterfaceDescriptor<M>,
  disp: Dispatcher,
  target: Target,
  handlers?: Handlers<M, HandlerBinding<M, R>>,
  options?: BindOptions,
): Promise<HandlerBinding<M, R>> {
  const b = new HandlerConnection<M, R>(descriptor, await bindTarget(disp, target, options));
  if (handlers !== undefined) b.handlers = handlers;
  return b;
}
