/**
 * The interface descriptor: what a generated module exports for its interface, built once
 * from the schema it declares. It names the interface, numbers its messages and holds the
 * codec of every message.
 * @module
 */

import { FlounderError } from '../errors.js';
import { MessageCodec } from './codec.js';
import type { Backend } from './plan.js';
import type { Frames } from './frames.js';
import type { AnyMessage, InterfaceSchema, MessageSchema } from './schema.js';

/** The descriptor of an interface whose messages are the union `M`. */
export class InterfaceDescriptor<M extends AnyMessage = AnyMessage> {
  /** The interface name, as in the IDL. */
  readonly name: string;
  /** The description string (the name when the IDL gives none). */
  readonly description: string;
  /** Every message's codec, keyed by IDL message name. */
  readonly messages: { readonly [K in M['type']]: MessageCodec<Extract<M, { readonly type: K }>> };
  /** Message codecs indexed by message number (0 to 2 are the binding's own and absent). */
  readonly byNumber: readonly (MessageCodec<M> | undefined)[];
  private readonly byName: ReadonlyMap<string, MessageCodec<M>>;

  constructor(schema: InterfaceSchema<M>) {
    this.name = schema.name;
    this.description = schema.description ?? schema.name;
    const byName = new Map<string, MessageCodec<M>>();
    const byNumber: (MessageCodec<M> | undefined)[] = [];
    for (const [name, message] of Object.entries(schema.messages) as [string, MessageSchema][]) {
      if (byNumber[message.number] !== undefined) {
        throw new Error(`invalid schema for ${schema.name}: message number ${message.number} used twice`);
      }
      const codec = new MessageCodec<M>(schema.name, name, message);
      byName.set(name, codec);
      byNumber[message.number] = codec;
    }
    this.byName = byName;
    this.byNumber = byNumber;
    this.messages = Object.fromEntries(byName) as unknown as InterfaceDescriptor<M>['messages'];
  }

  /** The codec of message `type`; throws `FLOUNDER_ERR_BAD_ARGUMENT` for a name not in the interface. */
  codec(type: string): MessageCodec<M> {
    const codec = this.byName.get(type);
    if (codec === undefined) {
      throw new FlounderError('FLOUNDER_ERR_BAD_ARGUMENT', `interface ${this.name} has no message '${String(type)}'`);
    }
    return codec;
  }

  /** Encodes any message of the interface (chosen by its `type`); see {@link MessageCodec.encode}. */
  encode(message: M, backend: Backend, token: number, out: Frames): void {
    if (typeof message !== 'object' || message === null) {
      throw new FlounderError(
        'FLOUNDER_ERR_BAD_ARGUMENT',
        `${this.name}: a message must be an object, got ${String(message)}`,
      );
    }
    this.codec(message.type).encode(message, backend, token, out);
  }

  /** Decodes message number `out.msgnum` from its frames; see {@link MessageCodec.decode}. */
  decode(frames: Frames, backend: Backend): M {
    const codec = this.byNumber[frames.msgnum];
    if (codec === undefined) {
      throw new FlounderError('FLOUNDER_ERR_RX_INVALID_MSGNUM', `${this.name}: no message number ${frames.msgnum}`);
    }
    return codec.decode(frames, backend);
  }
}

/**
 * Builds the descriptor of an interface from the schema its generated module declares.
 * Checks the schema (every field laid out once, words of at most 64 bits, fragments within
 * the back end's size) and throws a plain `Error` if it is inconsistent.
 */
export function defineInterface<M extends AnyMessage>(schema: InterfaceSchema<M>): InterfaceDescriptor<M> {
  return new InterfaceDescriptor(schema);
}
