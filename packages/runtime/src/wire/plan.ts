/**
 * A message's layout for one back end, checked and turned into positions: which bits of
 * which word every fixed field occupies, and the pieces the message is sent in. The schema
 * lists each word's fields from bit 0 upwards; their bit ranges follow from the widths.
 * @module
 */

import type { Field, FragmentSchema } from './schema.js';
import { Kind, MSGNUM_BITS, SCALAR_TYPES, TOKEN_BITS } from './values.js';

/** The two back ends a message travels over. */
export type Backend = 'lmp' | 'ump';

/** Words per LMP message on x86_64 (`LMP_MSG_LENGTH`). */
export const LMP_WORDS = 10;
/** Data words per 64-byte UMP slot (the eighth word is the header). */
export const UMP_WORDS = 7;
/** LMP fragments shorter than this may arrive padded up to it (the LRPC fast path). */
export const LRPC_WORDS = 4;

/** The field number of the LMP header's pseudo-fields. */
export const MSGNUM = -1;
export const TOKEN = -2;

/** Where a fixed field sits: bits `[lo, lo + bits)` of word `word` of the fixed words. */
export interface Position {
  /** The index in the message's fields, or `MSGNUM` / `TOKEN`. */
  readonly field: number;
  readonly kind: Kind;
  readonly word: number;
  readonly lo: number;
  readonly bits: number;
}

/** A piece of a message in sending order: fixed words (maybe with a cap), or an overflow field. */
export type Piece =
  | { readonly kind: 'fixed'; readonly words: number; readonly cap: number }
  | { readonly kind: 'overflow'; readonly field: number; readonly max: number };

/** A message's layout for one back end, checked. */
export interface Plan {
  readonly backend: Backend;
  readonly pieces: readonly Piece[];
  /** The number of fixed words (all fixed fragments together, back to back). */
  readonly fixedWords: number;
  /** Every fixed field, in the order of the layout (word by word, low bits first). */
  readonly positions: readonly Position[];
  /** Whether the message is one fixed fragment and nothing else (the common, fast case). */
  readonly single: boolean;
  /**
   * Whether a single message can be decoded where its fragment arrived: it has no 64-bit
   * field, which a decoder reads through the 64-bit views of its frames.
   */
  readonly inPlace: boolean;
}

/**
 * Checks the fragments of one back end against the fields and computes the plan: every
 * field laid out exactly once, words of at most 64 bits, 64-bit fields filling their word,
 * fragments within the back end's size, caps in declaration order (over UMP all of them go
 * through the monitor), the LMP header first. Throws a plain `Error` naming `where` for a
 * schema that breaks any of these.
 */
export function planLayout(
  where: string,
  backend: Backend,
  fields: readonly Field[],
  fragments: readonly FragmentSchema[],
): Plan {
  const fail = (why: string): Error => new Error(`invalid schema for ${where} (${backend}): ${why}`);
  const index = new Map(fields.map((f, i) => [f.name, i]));
  const seen = new Set<number>();
  const use = (name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw fail(`no field '${name}'`);
    if (seen.has(i)) throw fail(`'${name}' appears twice`);
    seen.add(i);
    return i;
  };
  const maxWords = backend === 'lmp' ? LMP_WORDS : UMP_WORDS;
  const positions: Position[] = [];
  const pieces: Piece[] = [];
  const caps: number[] = [];
  let fixedWords = 0;
  let overflowSeen = false;
  let header = 0;
  for (const fragment of fragments) {
    if (!Array.isArray(fragment) && 'overflow' in fragment) {
      const f = use(fragment.overflow);
      const field = fields[f]!;
      if (field.type !== 'string' && field.type !== 'buffer') throw fail(`'${field.name}' is not a string or buffer`);
      pieces.push({ kind: 'overflow', field: f, max: field.max });
      overflowSeen = true;
      continue;
    }
    const words: readonly string[] = Array.isArray(fragment)
      ? fragment
      : (fragment as { words: readonly string[] }).words;
    if (words.length > maxWords) throw fail(`a fragment of ${words.length} words`);
    if (overflowSeen && words.length > 0) throw fail('fixed words after an overflow fragment');
    let cap = -1;
    if (!Array.isArray(fragment)) {
      if (backend === 'ump') throw fail('caps travel through the monitor over UMP');
      cap = caps.length;
      caps.push(use((fragment as { cap: string }).cap));
    }
    for (const word of words) {
      let lo = 0;
      for (const name of word === '' ? [] : word.split(' ')) {
        let position: Position;
        if (name === 'MSGNUM' || name === 'TOKEN') {
          if (backend === 'ump') throw fail(`${name} is in the UMP slot header, not in its words`);
          if (name === 'MSGNUM' && (fixedWords !== 0 || lo !== 0)) throw fail('MSGNUM must be bits 0-15 of word 0');
          header++;
          position =
            name === 'MSGNUM'
              ? { field: MSGNUM, kind: Kind.U16, word: fixedWords, lo, bits: MSGNUM_BITS }
              : { field: TOKEN, kind: Kind.U32, word: fixedWords, lo, bits: TOKEN_BITS };
        } else {
          const field = use(name);
          const type = fields[field]!.type;
          if (!(type in SCALAR_TYPES)) throw fail(`'${name}' is not a scalar`);
          const { kind, bits } = SCALAR_TYPES[type as keyof typeof SCALAR_TYPES];
          position = { field, kind, word: fixedWords, lo, bits };
        }
        if (lo + position.bits > 64) throw fail(`word ${fixedWords} holds more than 64 bits`);
        if (position.bits === 64 && lo !== 0) throw fail(`'${name}' must fill a word`);
        positions.push(position);
        lo += position.bits;
      }
      fixedWords++;
    }
    pieces.push({ kind: 'fixed', words: words.length, cap });
  }
  if (backend === 'lmp' && header !== 2) throw fail('LMP needs MSGNUM and TOKEN in its first fragment');
  const declared = fields.flatMap((f, i) => (f.type === 'cap' || f.type === 'give_away_cap' ? [i] : []));
  if (backend === 'ump') for (const i of declared) caps.push(use(fields[i]!.name));
  fields.forEach((f, i) => {
    if (!seen.has(i)) throw fail(`'${f.name}' is not in the layout`);
  });
  if (caps.join() !== declared.join()) throw fail('caps must be sent in declaration order');
  const single = pieces.length === 1 && pieces[0]!.kind === 'fixed' && caps.length === 0;
  const inPlace = single && positions.every((p) => p.bits < 64);
  return { backend, pieces, fixedWords, positions, single, inPlace };
}
