/**
 * The frames of one message: its 64-bit words, cut into fragments, with the caps it carries.
 * An encoder fills one; a binding sends its fragments in order; a reassembler collects the
 * fragments it receives into one.
 *
 * Words are stored as 32-bit halves, low half first: word `i` is `u32[2*i] | u32[2*i+1] << 32`.
 * Fields of up to 32 bits are then read and written with plain integer arithmetic, and the
 * `u64`/`i64` views on the same memory read and write whole 64-bit fields without BigInt
 * arithmetic. This relies on a little-endian host, which every platform Node runs on is.
 * @module
 */

import type { CapRef } from '../types.js';

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('@flounder-ts/runtime needs a little-endian host');
}

const INITIAL_WORDS = 32;
const INITIAL_FRAGMENTS = 8;

/** A growable buffer of words with a fragment table; reuse one per binding and direction. */
export class Frames {
  /** The words as 32-bit halves, low half first. Valid up to `2 * length`. */
  u32: Uint32Array;
  /** The words as unsigned 64-bit values (the same memory as `u32`). */
  u64: BigUint64Array;
  /** The words as signed 64-bit values (the same memory as `u32`). */
  i64: BigInt64Array;
  /** How many words are in use. */
  length = 0;
  /** How many fragments the message has. */
  count = 0;
  /**
   * The caps of the message, in declaration order: the `capid` of a cap sent through the UMP
   * monitor is its index here.
   */
  readonly caps: CapRef[] = [];
  /** For each of `caps`, whether it is a `give_away_cap` (moved, `LMP_FLAG_GIVEAWAY`) rather than copied. */
  readonly giveAway: boolean[] = [];
  /** The message number (set by the encoder or the reassembler). */
  msgnum = 0;
  /** The token: LMP's hidden 32-bit argument, UMP's header token. */
  token = 0;
  /** Where the next overflow field starts, while a decoder reads them. */
  cursor = 0;

  private starts: Int32Array = new Int32Array(INITIAL_FRAGMENTS);
  private sizes: Int32Array = new Int32Array(INITIAL_FRAGMENTS);
  private capIndex: Int32Array = new Int32Array(INITIAL_FRAGMENTS);

  constructor(words = INITIAL_WORDS) {
    this.u32 = new Uint32Array(words * 2);
    this.u64 = new BigUint64Array(this.u32.buffer);
    this.i64 = new BigInt64Array(this.u32.buffer);
  }

  /** Forgets the message held, keeping the memory. */
  clear(): void {
    this.length = 0;
    this.count = 0;
    if (this.caps.length !== 0) {
      this.caps.length = 0;
      this.giveAway.length = 0;
    }
  }

  /** The first word of fragment `i`. */
  start(i: number): number {
    return this.starts[i]!;
  }

  /** The number of words of fragment `i` (0 for a fragment that only carries a cap). */
  size(i: number): number {
    return this.sizes[i]!;
  }

  /** The cap attached to fragment `i` (LMP only), if any. */
  cap(i: number): CapRef | undefined {
    const c = this.capIndex[i]!;
    return c < 0 ? undefined : this.caps[c];
  }

  /** Whether the cap attached to fragment `i` is given away (moved) rather than copied. */
  capGivenAway(i: number): boolean {
    const c = this.capIndex[i]!;
    return c >= 0 && this.giveAway[c]!;
  }

  /** One word as a bigint (for tests and tools; codecs use the views). */
  word(i: number): bigint {
    return this.u64[i]!;
  }

  /**
   * Appends a fragment of `size` words and returns its first word. The words are not
   * cleared: the caller writes every one. `cap` is the index in `caps` of the cap the
   * fragment carries, or -1.
   */
  addFragment(size: number, cap = -1): number {
    const start = this.length;
    this.reserve(start + size);
    this.length = start + size;
    if (this.count === this.starts.length) this.growFragments();
    this.starts[this.count] = start;
    this.sizes[this.count] = size;
    this.capIndex[this.count] = cap;
    this.count++;
    return start;
  }

  /** Appends `size` words copied from `src` (halves, as here) at word `from`, without a fragment. */
  appendWords(src: Uint32Array, from: number, size: number): number {
    const start = this.length;
    this.reserve(start + size);
    for (let i = from * 2, j = start * 2, end = (from + size) * 2; i < end; i++, j++) this.u32[j] = src[i]!;
    this.length = start + size;
    return start;
  }

  /** Makes room for `words` words in all, keeping the content. */
  reserve(words: number): void {
    if (words * 2 <= this.u32.length) return;
    let n = this.u32.length;
    while (n < words * 2) n *= 2;
    const u32 = new Uint32Array(n);
    u32.set(this.u32.subarray(0, this.length * 2));
    this.u32 = u32;
    this.u64 = new BigUint64Array(u32.buffer);
    this.i64 = new BigInt64Array(u32.buffer);
  }

  private growFragments(): void {
    const n = this.starts.length * 2;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.sizes = grow(this.sizes);
    this.capIndex = grow(this.capIndex);
  }
}
