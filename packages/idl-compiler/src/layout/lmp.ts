/**
 * The LMP layout (`LMP.hs`): word 0 of the first fragment starts with the 16-bit message
 * number; a hidden `uint32` token is packed like a first argument (so it sorts first among
 * the 32-bit fields); fragments hold at most 10 words (`LMP_MSG_LENGTH` on x86_64). Each
 * fragment carries at most one cap: caps ride on the fixed fragments in order, and the rest
 * go in 0-word fragments after everything else. Strings and dynamic arrays follow the fixed
 * fragments, never carrying a cap.
 * @module
 */
import type { Fragment, LmpLayout } from './layout.js';
import { pack } from './pack.js';
import type { CapValue, ScalarValue, WireValue } from './values.js';

/** Words per LMP message on x86_64. */
export const LMP_WORDS_PER_FRAGMENT = 10;
const MSGNUM_BITS = 16;
const TOKEN_BITS = 32;

export function lmpLayout(values: readonly WireValue[]): LmpLayout {
  const scalars = values.filter((v): v is ScalarValue => v.kind === 'scalar');
  const caps = values.filter((v): v is CapValue => v.kind === 'cap');
  const fixed = pack(
    [{ field: 'TOKEN', bits: TOKEN_BITS }, ...scalars.map((field) => ({ field, bits: field.bits }))],
    LMP_WORDS_PER_FRAGMENT,
    [{ field: 'MSGNUM', bits: MSGNUM_BITS }],
  );
  const fragments: Fragment[] = fixed.map((fragment, i) => {
    const cap = caps[i];
    return cap === undefined ? fragment : { ...fragment, cap };
  });
  for (const value of values) if (value.kind === 'overflow') fragments.push({ kind: 'overflow', value });
  for (const cap of caps.slice(fixed.length)) fragments.push({ kind: 'words', words: [], cap });
  return { fragments };
}
