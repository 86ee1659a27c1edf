/**
 * The codec of one message: encodes a message object into the frames Flounder would send for
 * it over LMP or UMP, and decodes those frames back, bit-exact with the layout in the schema.
 *
 * A message is laid out in its {@link Frames} the same way on both sides:
 * 1. the fixed words of all fixed fragments, back to back from word 0;
 * 2. for each string or buffer field, in declaration order, its overflow chunks: a length
 *    word, then the bytes packed Flounder's way (see `bytes.ts`);
 * 3. the caps in `frames.caps`, in declaration order.
 * `encode` produces that with its fragment table, a {@link Reassembler} rebuilds it from the
 * fragments received, `decode` reads it. The fixed words are packed and unpacked by
 * straight-line code compiled from the layout the first time a message is used
 * (`compile.ts`): encoding a small message is a few checks and integer stores with no
 * allocation, decoding allocates the message object and nothing else (beyond the bigints,
 * strings and byte arrays it holds).
 * @module
 */

import { FlounderError } from '../errors.js';
import { packBytes, unpackBytes, wordsForBytes } from './bytes.js';
import { compileCodec, type CodecSupport, type CompiledCodec } from './compile.js';
import type { Frames } from './frames.js';
import { LMP_WORDS, TOKEN, UMP_WORDS, planLayout, type Backend, type Plan } from './plan.js';
import { fieldList, type Field, type MessageSchema } from './schema.js';
import { SCALAR_TYPES, badArgument, tooLong } from './values.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Scratch space for UTF-8, grown as needed. */
let utf8 = new Uint8Array(256);

/**
 * The codec of one message of an interface.
 *
 * To send, a binding calls `encode(message, backend, token, frames)` and sends the
 * `frames.count` fragments in order: fragment `i` is `frames.size(i)` words from word
 * `frames.start(i)` of `frames.u32` (two 32-bit halves per word, low first), with
 * `frames.cap(i)` attached over LMP. Over UMP each fragment fills one slot whose header
 * carries `frames.msgnum` and `frames.token`, and the caps follow through the monitor,
 * `frames.caps[k]` with capid `k` (moved if `frames.giveAway[k]`).
 */
export class MessageCodec<M = unknown> implements CodecSupport {
  /** The IDL name, also the message's `type`. */
  readonly name: string;
  /** The message number: 3, 4, ... in declaration order. */
  readonly number: number;
  readonly kind: 'message' | 'call' | 'response';
  /** For the halves of an rpc, the rpc's name. */
  readonly rpc: string | undefined;
  /** The message's values in declaration order, with their types and limits. */
  readonly fields: readonly Field[];
  readonly lmp: Plan;
  /** The UMP plan, or why the message cannot travel over UMP. */
  readonly ump: Plan | string;
  /** The number of caps the message carries. */
  readonly capCount: number;
  private readonly where: string;
  private lmpCode: CompiledCodec<M> | undefined;
  private umpCode: CompiledCodec<M> | undefined;

  constructor(interfaceName: string, name: string, schema: MessageSchema) {
    this.name = name;
    this.number = schema.number;
    this.kind = schema.kind ?? 'message';
    this.rpc = schema.rpc;
    this.fields = fieldList(schema.fields);
    this.where = `${interfaceName}.${name}`;
    this.capCount = this.fields.filter((f) => f.type === 'cap' || f.type === 'give_away_cap').length;
    this.lmp = planLayout(this.where, 'lmp', this.fields, schema.lmp);
    this.ump =
      'unsupported' in schema.ump ? schema.ump.unsupported : planLayout(this.where, 'ump', this.fields, schema.ump);
  }

  /** The plan for `backend`; throws `FLOUNDER_ERR_UMP_UNSUPPORTED` if the message cannot travel over it. */
  plan(backend: Backend): Plan {
    const plan = backend === 'lmp' ? this.lmp : this.ump;
    if (typeof plan === 'string') throw new FlounderError('FLOUNDER_ERR_UMP_UNSUPPORTED', `${this.name}: ${plan}`);
    return plan;
  }

  /**
   * Encodes `message` into `out` (cleared first) for `backend`. `token` is LMP's hidden
   * 32-bit argument, packed with the fixed fields, or UMP's header token; either way it is
   * also left in `out.token`. Throws `FLOUNDER_ERR_BAD_ARGUMENT` for a value of the wrong
   * type or out of range and `FLOUNDER_ERR_TX_MSG_SIZE` for a string or buffer over its
   * limit, before anything could be sent; `out` then holds nothing worth sending.
   */
  encode(message: M, backend: Backend, token: number, out: Frames): void {
    if (typeof message !== 'object' || message === null) {
      throw badArgument(this.name, 'the message', 'an object', message);
    }
    ((backend === 'lmp' ? this.lmpCode : this.umpCode) ?? this.code(backend)).encode(message, token, out);
  }

  /**
   * Decodes the message held in `frames` (laid out as `encode` leaves it). Over LMP this also
   * sets `frames.token` from the header; UMP's token comes with the slot header. A message of
   * one fragment without caps may be decoded where it arrived: `words` then holds its fixed
   * words from word 0, and `frames` only receives the token.
   */
  decode(frames: Frames, backend: Backend, words?: Uint32Array): M {
    return ((backend === 'lmp' ? this.lmpCode : this.umpCode) ?? this.code(backend)).decode(frames, words);
  }

  /**
   * Compiles the encoder and decoder for `backend` the first time they are needed. (Callers
   * read the compiled code from its field first: the call to compile stays off the hot path.)
   */
  private code(backend: Backend): CompiledCodec<M> {
    if (backend === 'lmp')
      return (this.lmpCode ??= compileCodec(this.where, this.name, this.number, this.fields, this.lmp, this));
    return (this.umpCode ??= compileCodec(this.where, this.name, this.number, this.fields, this.plan('ump'), this));
  }

  /** Appends the chunks of one string or buffer: its length word, then its bytes. */
  encodeOverflow(index: number, value: unknown, backend: Backend, out: Frames): void {
    const field = this.fields[index] as Field & { readonly max: number };
    let bytes: Uint8Array;
    let length: number;
    if (field.type === 'string') {
      if (typeof value !== 'string') throw this.badValue(index, value);
      if (value.length >= field.max) throw this.stringTooLong(field, `${field.max} or more`);
      if (value.includes('\0')) {
        throw badArgument(
          this.name,
          field.name,
          'a string without NUL characters (Flounder strings end at NUL)',
          value,
        );
      }
      if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) {
        throw badArgument(this.name, field.name, 'a well-formed string (no lone surrogates)', value);
      }
      if (utf8.length <= value.length * 3) utf8 = new Uint8Array(value.length * 3 + 1);
      const written = encoder.encodeInto(value, utf8).written;
      if (written >= field.max) throw this.stringTooLong(field, String(written));
      utf8[written] = 0; // the NUL travels too
      bytes = utf8;
      length = written + 1;
    } else {
      if (!(value instanceof Uint8Array)) throw this.badValue(index, value);
      if (value.length > field.max) {
        throw tooLong(this.name, field.name, `has ${value.length} bytes, more than the ${field.max} declared`);
      }
      bytes = value;
      length = value.length;
    }
    const chunk = backend === 'lmp' ? LMP_WORDS : UMP_WORDS;
    const first = out.length;
    for (let left = 1 + wordsForBytes(length); left > 0; left -= chunk) out.addFragment(Math.min(chunk, left));
    out.u32[first * 2] = length;
    out.u32[first * 2 + 1] = 0;
    packBytes(bytes, length, out.u32, first + 1);
  }

  /** Reads the string or buffer at `frames.cursor` and moves the cursor past it. */
  readOverflow(frames: Frames, index: number): unknown {
    const field = this.fields[index] as Field & { readonly max: number };
    const word = frames.cursor;
    const length = overflowLength(frames.u32, word, field.max, this.name, field.name);
    frames.cursor = word + 1 + wordsForBytes(length);
    if (field.type === 'buffer') {
      const bytes = new Uint8Array(length);
      unpackBytes(frames.u32, word + 1, length, bytes);
      return bytes;
    }
    if (utf8.length < length) utf8 = new Uint8Array(length);
    unpackBytes(frames.u32, word + 1, length, utf8);
    // A C string ends at its first NUL (a NULL string arrives with length 0).
    const end = utf8.subarray(0, length).indexOf(0);
    return decoder.decode(utf8.subarray(0, end < 0 ? length : end));
  }

  /** The error for a value of the wrong type or out of range. */
  badValue(index: number, value: unknown): FlounderError {
    if (index === TOKEN) return badArgument(this.name, 'the token', SCALAR_TYPES.uint32.expected, value);
    const f = this.fields[index]!;
    let expected: string;
    switch (f.type) {
      case 'enum':
        expected = `one of ${f.items.map((i) => `'${i}'`).join(', ')}`;
        break;
      case 'string':
        expected = 'a string';
        break;
      case 'buffer':
        expected = 'a Uint8Array';
        break;
      case 'cap':
      case 'give_away_cap':
        expected = 'a capability reference';
        break;
      default:
        expected = SCALAR_TYPES[f.type].expected;
    }
    return badArgument(this.name, f.name, expected, value);
  }

  /** A received enum value with no item: the peer sent what no encoder of ours produces. */
  badEnum(index: number, value: number): never {
    const f = this.fields[index] as Field & { readonly items: readonly string[] };
    throw new FlounderError(
      'FLOUNDER_ERR_BAD_ARGUMENT',
      `${this.name}: received ${value} for ${f.name}, an enum of ${f.items.length} items`,
    );
  }

  private stringTooLong(field: Field & { readonly max: number }, bytes: string): FlounderError {
    return tooLong(
      this.name,
      field.name,
      `needs ${bytes} bytes of UTF-8; String ${field.name}[${field.max}] holds at most ${field.max - 1} and the NUL`,
    );
  }
}

/**
 * Reads the length word of an overflow field at `word` and checks it against the field's
 * limit: `FLOUNDER_ERR_RX_INVALID_LENGTH` if it is larger (Flounder's receiver asserts).
 */
export function overflowLength(u32: Uint32Array, word: number, max: number, message: string, field: string): number {
  const length = u32[word * 2]!;
  const high = u32[word * 2 + 1]!;
  if (high !== 0 || length > max) {
    throw new FlounderError(
      'FLOUNDER_ERR_RX_INVALID_LENGTH',
      `${message}: ${field} announces ${high !== 0 ? 'more than 2^32' : length} bytes, more than the ${max} declared`,
    );
  }
  return length;
}
