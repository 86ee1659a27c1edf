/**
 * The values of a message as the wire sees them: each argument flattened into the scalars it
 * is made of (struct fields, array elements, aliases followed to their builtin), its strings
 * and dynamic arrays (sent as overflow fragments), and its caps (sent beside the words).
 * @module
 */
import {
  resolve,
  type Argument,
  type BuiltinTypeName,
  type DynamicArrayArgument,
  type EnumType,
  type Message,
  type PlainArgument,
  type StringArgument,
  type Type,
} from '../model.js';

/** A builtin that travels in the fixed words (every builtin but the caps). */
export type ScalarTypeName = Exclude<BuiltinTypeName, 'cap' | 'give_away_cap'>;

/**
 * Bits on the wire for x86_64 (Flounder's `bitsizeof_builtin`): natural sizes, word-sized
 * `uintptr`/`intptr`/`size`, one bit for `bool`, and 32 for `errval`, whose upper half the
 * receiver drops.
 */
export const SCALAR_BITS: Readonly<Record<ScalarTypeName, number>> = {
  bool: 1,
  uint8: 8,
  int8: 8,
  char: 8,
  uint16: 16,
  int16: 16,
  uint32: 32,
  int32: 32,
  iref: 32,
  errval: 32,
  uint64: 64,
  int64: 64,
  uintptr: 64,
  intptr: 64,
  size: 64,
};

/** Enums travel as `int32`. */
export const ENUM_BITS = 32;

/** The types the reference refuses over UMP: their size differs between architectures. */
export const NON_PORTABLE: ReadonlySet<ScalarTypeName> = new Set(['uintptr', 'intptr', 'size']);

/** A step from an argument down to one of its scalars: a struct field's name or an array index. */
export type PathStep = string | number;

/** One scalar of a message: an argument, or a field or element inside one. */
export interface ScalarValue {
  readonly kind: 'scalar';
  /** The argument's name, then the steps down to this scalar: `['addr', 'bus']`, `['cores', 2]`. */
  readonly path: readonly PathStep[];
  /** The builtin it resolves to, or the enum it is. */
  readonly type: ScalarTypeName | EnumType;
  readonly bits: number;
}

/** A `String` or a dynamic array, sent in overflow fragments after the fixed ones. */
export interface OverflowValue {
  readonly kind: 'overflow';
  readonly argument: StringArgument | DynamicArrayArgument;
}

/** A `cap` or `give_away_cap` argument. */
export interface CapValue {
  readonly kind: 'cap';
  readonly argument: PlainArgument;
  /** Whether the cap is moved to the receiver (`give_away_cap`) rather than copied. */
  readonly giveAway: boolean;
}

export type WireValue = ScalarValue | OverflowValue | CapValue;

/** How a path is written in layouts and diagnostics: `addr.bus`, `cores[2]`. */
export function pathName(path: readonly PathStep[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

/** The scalars a value of `type` is made of, below `path`, in declaration order. */
function scalars(type: Type, path: readonly PathStep[], out: WireValue[]): void {
  const resolved = resolve(type);
  switch (resolved.kind) {
    case 'builtin':
      if (resolved.name === 'cap' || resolved.name === 'give_away_cap') {
        throw new Error(`a cap inside ${pathName(path)}: the checker should have refused it`);
      }
      out.push({
        kind: 'scalar',
        path,
        type: resolved.name,
        bits: SCALAR_BITS[resolved.name],
      });
      return;
    case 'enum':
      out.push({ kind: 'scalar', path, type: resolved, bits: ENUM_BITS });
      return;
    case 'struct':
      for (const field of resolved.fields) scalars(field.type, [...path, field.name], out);
      return;
    case 'array':
      for (let i = 0; i < resolved.length; i++) scalars(resolved.element, [...path, i], out);
      return;
  }
}

function argumentValues(argument: Argument, out: WireValue[]): void {
  if (argument.kind !== 'plain') {
    out.push({ kind: 'overflow', argument });
    return;
  }
  const type = argument.type;
  if (type.kind === 'builtin' && (type.name === 'cap' || type.name === 'give_away_cap')) {
    out.push({
      kind: 'cap',
      argument,
      giveAway: type.name === 'give_away_cap',
    });
    return;
  }
  scalars(type, [argument.name], out);
}

/** Every value of a message, in declaration order. */
export function messageValues(message: Message): WireValue[] {
  const out: WireValue[] = [];
  for (const argument of message.arguments) argumentValues(argument, out);
  return out;
}

/** The name of a scalar's type as layouts write it: the builtin, or `int32` for an enum. */
export function scalarTypeName(value: ScalarValue): ScalarTypeName {
  return typeof value.type === 'string' ? value.type : 'int32';
}
