/**
 * The schema a generated module declares for its interface: plain data giving the message
 * numbers, the type and limit of every value of every message, and the wire layout of every
 * message for LMP and UMP. {@link defineInterface} turns it into codecs.
 * @module
 */

/** Integer types carried as a JavaScript `number` (at most 32 bits wide). */
export type NumberType =
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'char'
  | 'iref'
  | 'errval';

/** Integer types carried as a `bigint` (64 bits wide on x86_64). */
export type BigintType = 'uint64' | 'int64' | 'uintptr' | 'intptr' | 'size';

/** A field packed into the fixed words of a message. */
export type ScalarField =
  | { readonly name: string; readonly type: NumberType | BigintType | 'bool' }
  /** An enum travels as its item's index, in 32 bits. */
  | { readonly name: string; readonly type: 'enum'; readonly items: readonly string[] };

/** A field sent in overflow fragments after the fixed ones. */
export interface OverflowField {
  readonly name: string;
  /** `string`: `String s[max]`, at most `max - 1` bytes of UTF-8 plus the NUL. `buffer`: `T a[len, max]`. */
  readonly type: 'string' | 'buffer';
  readonly max: number;
}

/** A capability argument: `cap` copies it to the receiver, `give_away_cap` moves it. */
export interface CapField {
  readonly name: string;
  readonly type: 'cap' | 'give_away_cap';
}

/**
 * One value of a message as the codec sees it. `name` is its property path in the message
 * object (`clientId`, `addr.bus`, `cores[2]`): the codec reads and builds the message by it,
 * the layout refers to it, and error messages name it.
 */
export type FieldSchema = ScalarField | OverflowField | CapField;

/** The pseudo-fields of the LMP header: the message number (16 bits) and the token (32 bits). */
export type HeaderField = 'MSGNUM' | 'TOKEN';

/**
 * A fragment of a message for one back end, in sending order.
 * - `words`: fixed fields, each 64-bit word listing its fields from bit 0 upwards, each field
 *   as wide as its type (so the bit ranges follow from the order). LMP may attach one `cap`.
 * - `overflow`: the string or buffer field of that name, sent as its own chunks.
 */
export type FragmentSchema =
  | { readonly words: readonly (readonly string[])[]; readonly cap?: string }
  | { readonly overflow: string };

/** The LMP layout of a message: its fragments, one LMP message each (overflow fields span several). */
export interface LmpLayout {
  readonly fragments: readonly FragmentSchema[];
}

/** The UMP layout of a message: 64-byte slots; caps never travel in a slot but through the monitor. */
export interface UmpLayout {
  readonly fragments: readonly FragmentSchema[];
  readonly capsViaMonitor: readonly string[];
}

/** A message that cannot travel over UMP, with the reason (e.g. non-portable `uintptr`). */
export interface Unsupported {
  readonly unsupported: string;
}

/** The schema of one message (an rpc contributes two: its call and its response). */
export interface MessageSchema {
  /** The message number: 3, 4, ... in declaration order. */
  readonly number: number;
  readonly kind: 'message' | 'call' | 'response';
  /** For the halves of an rpc, the rpc's name. */
  readonly rpc?: string;
  /** Every value of the message, in declaration order (struct fields and array elements flattened). */
  readonly fields: readonly FieldSchema[];
  readonly lmp: LmpLayout;
  readonly ump: UmpLayout | Unsupported;
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
