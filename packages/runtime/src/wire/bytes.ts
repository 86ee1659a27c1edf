/**
 * Bytes in 64-bit words, as Flounder packs strings and buffers (`flounder_support.c`): the
 * first byte is the most significant of its word, and a final partial word is right-aligned,
 * so `"hello, world\0"` is `0x68656c6c6f2c2077, 0x0000006f726c6400`.
 *
 * Words are stored as 32-bit halves, low half first (see {@link Frames}).
 * @module
 */

/** The number of 64-bit words that hold `length` bytes. */
export function wordsForBytes(length: number): number {
  return (length + 7) >>> 3;
}

/**
 * Packs `length` bytes of `bytes` into words starting at word `word` of `u32` (as halves);
 * writes exactly `wordsForBytes(length)` words.
 */
export function packBytes(bytes: Uint8Array, length: number, u32: Uint32Array, word: number): void {
  const full = length >>> 3;
  let b = 0;
  let h = word * 2;
  for (let i = 0; i < full; i++, b += 8, h += 2) {
    u32[h + 1] = (bytes[b]! << 24) | (bytes[b + 1]! << 16) | (bytes[b + 2]! << 8) | bytes[b + 3]!;
    u32[h] = (bytes[b + 4]! << 24) | (bytes[b + 5]! << 16) | (bytes[b + 6]! << 8) | bytes[b + 7]!;
  }
  const rest = length & 7;
  if (rest === 0) return;
  // Right-aligned: the last byte is the least significant of the word.
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < rest; i++) {
    const shift = (rest - 1 - i) * 8;
    if (shift >= 32) hi |= bytes[b + i]! << (shift - 32);
    else lo |= bytes[b + i]! << shift;
  }
  u32[h] = lo;
  u32[h + 1] = hi;
}

/** Unpacks `length` bytes from the words starting at word `word` of `u32` into `out` at `offset`. */
export function unpackBytes(u32: Uint32Array, word: number, length: number, out: Uint8Array, offset = 0): void {
  const full = length >>> 3;
  let b = offset;
  let h = word * 2;
  for (let i = 0; i < full; i++, b += 8, h += 2) {
    const hi = u32[h + 1]!;
    const lo = u32[h]!;
    out[b] = hi >>> 24;
    out[b + 1] = hi >>> 16;
    out[b + 2] = hi >>> 8;
    out[b + 3] = hi;
    out[b + 4] = lo >>> 24;
    out[b + 5] = lo >>> 16;
    out[b + 6] = lo >>> 8;
    out[b + 7] = lo;
  }
  const rest = length & 7;
  if (rest === 0) return;
  const lo = u32[h]!;
  const hi = u32[h + 1]!;
  for (let i = 0; i < rest; i++) {
    const shift = (rest - 1 - i) * 8;
    out[b + i] = shift >= 32 ? hi >>> (shift - 32) : lo >>> shift;
  }
}
