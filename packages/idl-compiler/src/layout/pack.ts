/**
 * Flounder's packing of fixed fields (`build_msg_spec` in `MsgFragments.hs`): sort the
 * fields by width, smallest first, keeping declaration order among equals; put each into the
 * last word if it still fits in 64 bits, else start a new word (earlier words are never
 * back-filled), low bits first; cut the words into fragments of the back end's size.
 * @module
 */
import type { Fragment, Slot, Word } from './layout.js';

/** Bits per word on x86_64. */
export const WORD_BITS = 64;

/** Something to pack: a field (or header field) and its width. */
export interface Packable {
  readonly field: Slot['field'];
  readonly bits: number;
}

/**
 * Packs `items` into words, after the fields already in `first` (the LMP header), and cuts
 * the words into fragments of at most `wordsPerFragment`.
 */
export function pack(
  items: readonly Packable[],
  wordsPerFragment: number,
  first: readonly Packable[] = [],
): Fragment[] {
  const sorted = [...items].sort((a, b) => a.bits - b.bits);
  const words: Slot[][] = [];
  let used = WORD_BITS;
  for (const { field, bits } of [...first, ...sorted]) {
    if (used + bits > WORD_BITS) {
      words.push([]);
      used = 0;
    }
    words.at(-1)!.push({ field, lo: used, hi: used + bits });
    used += bits;
  }
  const fragments: Fragment[] = [];
  for (let i = 0; i < words.length; i += wordsPerFragment) {
    fragments.push({
      kind: 'words',
      words: words.slice(i, i + wordsPerFragment) as Word[],
    });
  }
  return fragments;
}
