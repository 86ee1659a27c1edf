/**
 * The schema a generated module declares for its interface: plain data giving the message
 * numbers, the type and limit of every value of every message, and the wire layout of every
 * message for LMP and UMP. {@link defineInterface} turns it into codecs.
 *
 * ```ts
 * register_queue_memory: {
 *   number: 5,
 *   fields: { id: 'uint8', tx: 'cap', rxbufsz: 'uint32', msixIntvec: 'int16', useIrq: 'bool', txVa: 'uint64', ... },
 *   lmp: [{ words: ['MSGNUM useIrq useRsc id msixIntdest msixIntvec', 'TOKEN rxbufsz', 'rxhdrsz', 'txVa', ...], cap: 'tx' },
 *         { words: [], cap: 'txhwb' }, { words: [], cap: 'rx' }],
 *   ump: [['useIrq useRsc id msixIntdest msixIntvec', 'rxbufsz rxhdrsz', 'txVa', ...]],
 * }
 * ```
 * @module
 */

/** Integer types carried as a JavaScript `number` (at most 32 bits wide). */
export type NumberType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'char' | 'iref' | 'errval';

/** Integer types carried as a `bigint` (64 bits wide on x86_64). */
export type BigintType = 'uint64' | 'int64' | 'uintptr' | 'intptr' | 'size';

/** The builtin types packed into a message's fixed words. */
export type ScalarType = NumberType | BigintType | 'bool';

/**
 * The wire type of one value of a message:
 * - a scalar type;
 * - `{ enum: Items }`: an enum, sent as the index of its item (32 bits); `Items` is the
 *   generated const object of the enum, its values in wire order;
 * - `{ string: N }`: `String s[N]`, at most N - 1 bytes of UTF-8 and the NUL;
 * - `{ buffer: N }`: a dynamic array `T a[len, N]` of bytes, at most N;
 * - `cap` (copied to the receiver) or `give_away_cap` (moved).
 */
export type FieldType =
  | ScalarType
  | 'cap'
  | 'give_away_cap'
  | { readonly enum: { readonly [item: string]: string } }
  | { readonly string: number }
  | { readonly buffer: number };

/**
 * A fragment of a message for one back end, in sending order. A word is written as the
 * property paths of its fields separated by spaces, from bit 0 upwards; each field is as
 * wide as its type, so the bit ranges follow from the order. `MSGNUM` (16 bits) and `TOKEN`
 * (32 bits) are LMP's header fields.
 * - `['MSGNUM TOKEN', 'val']`: fixed words;
 * - `{ words, cap }`: fixed words (maybe none) carrying a cap (LMP only);
 * - `{ overflow: 's' }`: the string or buffer `s`, sent in chunks of its own.
 */
export type FragmentSchema =
  readonly string[] | { readonly words: readonly string[]; readonly cap: string } | { readonly overflow: string };

/** A message that cannot travel over UMP, with the reason (e.g. non-portable `uintptr`). */
export interface Unsupported {
  readonly unsupported: string;
}

/** The schema of one message (an rpc contributes two: its call and its response). */
export interface MessageSchema {
  /** The message number: 3, 4, ... in declaration order. */
  readonly number: number;
  /** For the halves of an rpc; plain messages leave it out. */
  readonly kind?: 'call' | 'response';
  /** For the halves of an rpc, the rpc's name. */
  readonly rpc?: string;
  /**
   * Every value of the message, in declaration order, by its property path in the message
   * object (`clientId`, `addr.bus`, `cores[2]`), with its wire type.
   */
  readonly fields: { readonly [path: string]: FieldType };
  /** Over LMP: each fragment is one LMP message (an overflow fragment spans several). */
  readonly lmp: readonly FragmentSchema[];
  /** Over UMP: each fragment fills 64-byte slots; caps go through the monitor, in declaration order. */
  readonly ump: readonly FragmentSchema[] | Unsupported;
}

/** Any message of an interface: an object discriminated by the IDL message name. */
export interface AnyMessage {
  readonly type: string;
}

/** The schema of an interface: its name and a schema for every message, keyed by message name. */
export interface InterfaceSchema<M extends AnyMessage> {
  readonly name: string;
  readonly description?: string;
  readonly messages: { readonly [K in M['type']]: MessageSchema };
}

/** One value of a message as the codecs see it: `fields` of a {@link MessageSchema}, in order. */
export type Field =
  | { readonly name: string; readonly type: ScalarType | 'cap' | 'give_away_cap' }
  | { readonly name: string; readonly type: 'enum'; readonly items: readonly string[] }
  | { readonly name: string; readonly type: 'string' | 'buffer'; readonly max: number };

/** The values of a message schema as a list. */
export function fieldList(fields: MessageSchema['fields']): Field[] {
  return Object.entries(fields).map(([name, type]): Field => {
    if (typeof type === 'string') return { name, type };
    if ('enum' in type) return { name, type: 'enum', items: Object.values(type.enum) };
    return 'string' in type ? { name, type: 'string', max: type.string } : { name, type: 'buffer', max: type.buffer };
  });
}
