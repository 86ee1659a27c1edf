/**
 * The scalar types of Flounder as they travel on the wire (x86_64): their width in bits, the
 * range a value must be in, and the errors for values that do not fit.
 *
 * Flounder's C stubs pack a field with `word |= (uintptr_t)field << shift` without masking,
 * so a negative field sign-extends over the fields above it, and an out-of-range value is
 * silently truncated. We check every value before packing and mask it to its width: a value
 * that does not fit is refused with `FLOUNDER_ERR_BAD_ARGUMENT`, never truncated, and the
 * bits of every field on the wire are exactly the ones the reference layout gives it.
 * @module
 */

import { describe } from '../chan/describe.js';

/** How error messages show a value (strings quoted, objects named by kind). */
export { describe };
import { FlounderError } from '../errors.js';
import type { ScalarType } from './schema.js';

/** How a scalar is checked, packed and read back. */
export const Kind = {
  U8: 0,
  U16: 1,
  U32: 2,
  I8: 3,
  I16: 4,
  I32: 5,
  BOOL: 6,
  ENUM: 7,
  U64: 8,
  I64: 9,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

interface KindInfo {
  readonly kind: Kind;
  /** Bits on the wire (Flounder's `bitsizeof_builtin` for x86_64). */
  readonly bits: number;
  /** What a valid value is, for error messages. */
  readonly expected: string;
}

const U8: KindInfo = { kind: Kind.U8, bits: 8, expected: 'an integer from 0 to 255' };
const U32: KindInfo = { kind: Kind.U32, bits: 32, expected: 'an integer from 0 to 4294967295' };
const U64: KindInfo = { kind: Kind.U64, bits: 64, expected: 'a bigint from 0n to 2n ** 64n - 1n' };
const I64: KindInfo = { kind: Kind.I64, bits: 64, expected: 'a bigint from -(2n ** 63n) to 2n ** 63n - 1n' };

/**
 * Every scalar type. `char` is a byte (0 to 255) like the elements of a `char` array, which
 * travel as a `Uint8Array`. `errval` is 32 bits on the wire, as in Flounder (its receiver
 * masks the upper half away). `uintptr`, `intptr` and `size` are word-sized.
 */
export const SCALAR_TYPES: Readonly<Record<ScalarType | 'enum', KindInfo>> = {
  uint8: U8,
  char: U8,
  uint16: { kind: Kind.U16, bits: 16, expected: 'an integer from 0 to 65535' },
  uint32: U32,
  iref: U32,
  errval: U32,
  int8: { kind: Kind.I8, bits: 8, expected: 'an integer from -128 to 127' },
  int16: { kind: Kind.I16, bits: 16, expected: 'an integer from -32768 to 32767' },
  int32: { kind: Kind.I32, bits: 32, expected: 'an integer from -2147483648 to 2147483647' },
  bool: { kind: Kind.BOOL, bits: 1, expected: 'a boolean' },
  enum: { kind: Kind.ENUM, bits: 32, expected: 'one of the enum items' },
  uint64: U64,
  uintptr: U64,
  size: U64,
  int64: I64,
  intptr: I64,
};

/** The bits one pseudo-field of the LMP header takes. */
export const MSGNUM_BITS = 16;
export const TOKEN_BITS = 32;

/**
 * The error for a value of the wrong type or out of range: `FLOUNDER_ERR_BAD_ARGUMENT`,
 * naming the message, the field and what was expected.
 */
export function badArgument(message: string, field: string, expected: string, value: unknown): FlounderError {
  return new FlounderError(
    'FLOUNDER_ERR_BAD_ARGUMENT',
    `${message}: ${field} must be ${expected}, got ${describe(value)}`,
  );
}

/** The error for a string or buffer larger than its declared maximum: `FLOUNDER_ERR_TX_MSG_SIZE`. */
export function tooLong(message: string, field: string, detail: string): FlounderError {
  return new FlounderError('FLOUNDER_ERR_TX_MSG_SIZE', `${message}: ${field} ${detail}`);
}
