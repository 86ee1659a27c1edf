import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Frames, packBytes, unpackBytes, wordsForBytes } from '@flounder-ts/runtime';

describe('byte packing', () => {
  it('puts the first byte highest and right-aligns the last partial word, as flounder_support.c does', () => {
    const bytes = new TextEncoder().encode('hello, world\0');
    const frames = new Frames();
    frames.addFragment(wordsForBytes(bytes.length));
    packBytes(bytes, bytes.length, frames.u32, 0);
    expect(frames.word(0)).toBe(0x68656c6c6f2c2077n);
    expect(frames.word(1)).toBe(0x0000006f726c6400n);
  });

  it('packs a single byte into the lowest byte of its word', () => {
    const frames = new Frames();
    frames.addFragment(1);
    packBytes(Uint8Array.of(0xab), 1, frames.u32, 0);
    expect(frames.word(0)).toBe(0xabn);
  });

  it('unpacks what it packed, for every length and offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(5), (bytes, at) => {
        const frames = new Frames(1);
        frames.addFragment(at + wordsForBytes(bytes.length));
        packBytes(bytes, bytes.length, frames.u32, at);
        const out = new Uint8Array(bytes.length + 3);
        unpackBytes(frames.u32, at, bytes.length, out, 3);
        expect(out.subarray(3)).toEqual(bytes);
        // An independent reading: byte k of the data is bits of word at + k/8, counted from the top
        // of the word, or from the top of the used bytes for the last partial word.
        for (let k = 0; k < bytes.length; k++) {
          const word = frames.word(at + (k >> 3));
          const inWord = Math.min(8, bytes.length - (k & ~7));
          const shift = BigInt((inWord - 1 - (k & 7)) * 8);
          expect(Number((word >> shift) & 0xffn)).toBe(bytes[k]);
        }
      }),
    );
  });
});
