/**
 * The UMP layout (`UMP.hs`, `UMPCommon.hs`): the message number and the token travel in each
 * slot's header word, so the 7 data words hold only fields. A message without fixed fields
 * sends no fixed slot when it has a string or buffer to send, and one empty slot otherwise.
 * Caps never travel in a slot: they go through the monitor, in declaration order. Fields
 * whose size depends on the architecture (`uintptr`, `intptr`, `size`) are refused, since
 * the two ends of a UMP channel may be different machines.
 * @module
 */
import type { Fragment, UmpLayout, UmpUnsupported } from './layout.js';
import { pack } from './pack.js';
import { NON_PORTABLE, type CapValue, type ScalarValue, type WireValue } from './values.js';

/** Data words per 64-byte UMP slot on x86_64 (the eighth is the header). */
export const UMP_WORDS_PER_FRAGMENT = 7;

export const NON_PORTABLE_REASON = 'not compilable for UMP (intptr/uintptr/size are non-portable)';

export function umpLayout(values: readonly WireValue[]): UmpLayout | UmpUnsupported {
  const scalars = values.filter((v): v is ScalarValue => v.kind === 'scalar');
  if (scalars.some((s) => typeof s.type === 'string' && NON_PORTABLE.has(s.type))) {
    return { unsupported: NON_PORTABLE_REASON };
  }
  const fragments: Fragment[] = pack(
    scalars.map((field) => ({ field, bits: field.bits })),
    UMP_WORDS_PER_FRAGMENT,
  );
  for (const value of values) if (value.kind === 'overflow') fragments.push({ kind: 'overflow', value });
  if (fragments.length === 0) fragments.push({ kind: 'words', words: [] });
  return {
    fragments,
    capsViaMonitor: values.filter((v): v is CapValue => v.kind === 'cap'),
  };
}
