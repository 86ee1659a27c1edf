/**
 * RPC over a binding (Flounder's `rpc` declarations): an rpc `r` travels as the message pair
 * `r_call` and `r_response`.
 *
 * A caller tags every call with a token, unique among its calls in flight: Flounder's hidden
 * token argument, in the first LMP word or in the UMP slot header. The server answers under
 * the call's token, so any number of calls may be in flight on one binding, answered in any
 * order (Flounder's generated RPC client, and the thesis' nameservice client, allowed one).
 * A server method that throws answers with `rpc_error` (see `control.ts`), and the call
 * rejects with a `FlounderError` of the server's code. A binding that goes rejects every call
 * still in flight. Plain messages travel with token 0, which no call uses.
 * @module
 */

import { describe } from '../chan/describe.js';
import { notePark, noteResume } from '../chan/scheduler.js';
import { FlounderError } from '../errors.js';
import type { MessageCodec } from '../wire/codec.js';
import type { InterfaceDescriptor } from '../wire/interface.js';
import type { AnyMessage } from '../wire/schema.js';
import type { Binding, Fields } from './binding.js';
import { controlInterface, rpcError, rpcErrorToError, type RpcError } from './control.js';

/** One rpc: its call and its response message. */
export interface RpcPair {
  readonly call: AnyMessage;
  readonly response: AnyMessage;
}

/** The rpcs of an interface by name; generated modules declare theirs (`PingPongRpcs`). */
export type RpcMap = { readonly [rpc: string]: RpcPair };

/** The rpcs of an interface that declares none. */
export type NoRpcs = Record<never, RpcPair>;

/** What a sender gives for message `X`: its values, or nothing at all when it has none. */
export type Args<X> = {} extends Fields<X> ? [values?: Fields<X>] : [values: Fields<X>];

/** What a server method returns for a response `X`: its values, or nothing when it has none. */
export type RpcOuts<X> = {} extends Fields<X> ? Fields<X> | void : Fields<X>;

/**
 * An RPC client (Flounder's `rpc_tx_vtbl`): a method per rpc, by its IDL name, that takes the
 * call's in-arguments and resolves with the response, its out-arguments.
 */
export type RpcClient<R extends RpcMap> = {
  readonly [K in keyof R]: (...ins: Args<R[K]['call']>) => Promise<R[K]['response']>;
};

/**
 * An RPC server (Flounder's `rpc_rx_vtbl`): a method per rpc, by its IDL name, that takes
 * the call (and the binding it came on) and returns the out-arguments, or a promise of them.
 * Throwing answers the call with the error.
 */
export type RpcServer<R extends RpcMap, B = unknown> = {
  readonly [K in keyof R]: (call: R[K]['call'], binding: B) => RpcOuts<R[K]['response']> | PromiseLike<RpcOuts<R[K]['response']>>;
};

/** Any call message of the rpcs `R`. */
export type CallOf<R extends RpcMap> = R[keyof R]['call'];

/** The response message that answers call `C` of the rpcs `R`. */
export type ResponseTo<R extends RpcMap, C> = { [K in keyof R]: C extends R[K]['call'] ? R[K]['response'] : never }[keyof R];

/** The two codecs of one rpc. */
export interface RpcCodecs {
  readonly name: string;
  readonly call: MessageCodec<unknown>;
  readonly response: MessageCodec<unknown>;
}

const tables = new WeakMap<InterfaceDescriptor<AnyMessage>, Map<string, RpcCodecs>>();

/** The rpcs of an interface with their codecs, by rpc name. */
export function rpcsOf(descriptor: InterfaceDescriptor<AnyMessage>): ReadonlyMap<string, RpcCodecs> {
  let table = tables.get(descriptor);
  if (table === undefined) {
    table = new Map();
    for (const codec of descriptor.byNumber) {
      if (codec?.kind !== 'call') continue;
      const response = descriptor.byNumber.find((c) => c?.kind === 'response' && c.rpc === codec.rpc)!;
      table.set(codec.rpc!, { name: codec.rpc!, call: codec, response });
    }
    tables.set(descriptor, table);
  }
  return table;
}

/** The response codec of the rpc whose call `codec` is. */
export function responseCodec(descriptor: InterfaceDescriptor<AnyMessage>, codec: MessageCodec<unknown>): MessageCodec<unknown> {
  return rpcsOf(descriptor).get(codec.rpc!)!.response;
}

/**
 * The tokens of the calls a front end received and has not answered yet, so that an answer
 * (`reply`, `fail`) goes out under its call's token.
 */
export class CallTokens {
  private readonly tokens = new WeakMap<object, number>();

  /** Remembers the token `call` came with. */
  received(call: AnyMessage, token: number): void {
    this.tokens.set(call, token);
  }

  /** The token of `call`, forgotten now: a call is answered once. */
  take(call: AnyMessage): number {
    const token = this.tokens.get(call);
    if (token === undefined) {
      throw new FlounderError('FLOUNDER_ERR_RPC_MISMATCH', `${describe(call?.type)}: not a call received here, or answered already`);
    }
    this.tokens.delete(call);
    return token;
  }
}

/** A message with no values. */
export const NO_VALUES: object = Object.freeze({});

interface Pending {
  readonly rpc: RpcCodecs;
  readonly resolve: (response: AnyMessage) => void;
  readonly reject: (error: FlounderError) => void;
}

/** The calls a binding has in flight, as a client. */
export class RpcCalls {
  private readonly pending = new Map<number, Pending>();
  private lastToken = 0;

  constructor(private readonly binding: Binding) {}

  /** The client object: a method per rpc of the interface. */
  client<R extends RpcMap>(): RpcClient<R> {
    const client: Record<string, (ins?: unknown) => Promise<AnyMessage>> = {};
    for (const rpc of rpcsOf(this.binding.descriptor).values()) client[rpc.name] = (ins) => this.call(rpc, ins);
    return client as RpcClient<R>;
  }

  /** Sends a call and resolves with its response. */
  call(rpc: RpcCodecs, ins: unknown): Promise<AnyMessage> {
    const token = this.nextToken();
    return new Promise((resolve, reject) => {
      // A call that cannot be sent throws here, which rejects the promise.
      this.binding.submit(rpc.call, ins ?? NO_VALUES, token);
      this.pending.set(token, { rpc, resolve, reject });
      notePark(); // the caller waits for the answer, a task the host sees resume
    });
  }

  /** Settles the call a response answers; false if it answers no call in flight. */
  answer(token: number, codec: MessageCodec<unknown>, response: AnyMessage): boolean {
    const call = this.pending.get(token);
    if (call === undefined || call.rpc.response !== codec) return false;
    this.pending.delete(token);
    noteResume();
    call.resolve(response);
    return true;
  }

  /** Rejects the call an `rpc_error` answers; false if it answers no call in flight. */
  answerError(token: number, message: RpcError): boolean {
    const call = this.pending.get(token);
    if (call === undefined) return false;
    this.pending.delete(token);
    noteResume();
    call.reject(rpcErrorToError(message, `${this.binding.descriptor.name}.${call.rpc.name}`));
    return true;
  }

  /** Rejects every call in flight: the binding has gone. */
  failAll(error: FlounderError): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      noteResume();
      call.reject(error);
    }
  }

  /** A token no call in flight uses, never 0. */
  private nextToken(): number {
    do this.lastToken = this.lastToken === 0xffff_ffff ? 1 : this.lastToken + 1;
    while (this.pending.has(this.lastToken));
    return this.lastToken;
  }
}

/**
 * Serves a call that arrived on `binding` with `token`: runs the server's method for its rpc
 * and answers with what it returns, or with the error it throws. `client` is what the method
 * gets as its binding argument.
 */
export function serveCall(
  binding: Binding,
  server: object,
  codec: MessageCodec<unknown>,
  call: AnyMessage,
  token: number,
  client: unknown,
): void {
  const rpc = codec.rpc!;
  const method = (server as Record<string, unknown>)[rpc];
  if (typeof method !== 'function') {
    answerError(binding, token, new FlounderError('FLOUNDER_ERR_RPC_SERVER', `the server has no method ${rpc}`));
    return;
  }
  let result: unknown;
  try {
    result = (method as (call: AnyMessage, binding: unknown) => unknown).call(server, call, client);
  } catch (err) {
    answerError(binding, token, err);
    return;
  }
  const response = responseCodec(binding.descriptor, codec);
  if (isThenable(result)) {
    result.then(
      (outs) => answer(binding, response, outs, token),
      (err: unknown) => answerError(binding, token, err),
    );
  } else {
    answer(binding, response, result, token);
  }
}

/** Sends the response `outs` to the call with `token`; values the response cannot carry are the server's error. */
function answer(binding: Binding, response: MessageCodec<unknown>, outs: unknown, token: number): void {
  if (binding.closing) return; // the caller has gone
  try {
    binding.submit(response, outs ?? NO_VALUES, token);
  } catch (err) {
    answerError(binding, token, err);
  }
}

/** Answers the call with `token` with an error. */
export function answerError(binding: Binding, token: number, error: unknown): void {
  if (binding.closing) return;
  binding.submit(controlInterface.messages.rpc_error, rpcError(error), token);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
