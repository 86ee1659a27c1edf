/**
 * Compiles a message's plan into straight-line JavaScript: an encoder that reads each field
 * once, checks it and writes each 32-bit half of each fixed word with one store, and a
 * decoder that builds the message object with one literal. This is what Flounder's C stubs
 * are, per message, generated here from the schema when a message is first used, so the
 * generated module stays plain data and the hot path costs no interpretation.
 *
 * Only the schema's field paths (checked against a strict pattern) and numbers reach the
 * source text; names and enum items stay data, passed in as arguments.
 * @module
 */

import type { Frames } from './frames.js';
import { MSGNUM, TOKEN, type Backend, type Plan, type Position } from './plan.js';
import type { Field } from './schema.js';
import { Kind } from './values.js';

/**
 * The compiled encoder and decoder of a message over one back end. (Methods, not function
 * properties: a codec of one message is then usable where a codec of any message is.)
 */
export interface CompiledCodec<M> {
  /** Encodes one message into `out` (cleared first). */
  encode(message: M, token: number, out: Frames): void;
  /**
   * Decodes one message from its frames; `words`, when given, holds its fixed words in place
   * of `frames.u32` (a single fragment decoded where it was received).
   */
  decode(frames: Frames, words?: Uint32Array): M;
}

/** What compiled code calls back into: errors and the overflow fields (see `MessageCodec`). */
export interface CodecSupport {
  badValue(field: number, value: unknown): Error;
  badEnum(field: number, value: number): never;
  encodeOverflow(field: number, value: unknown, backend: Backend, out: Frames): void;
  readOverflow(frames: Frames, field: number): unknown;
}

/** A property path: identifiers joined by `.`, and `[n]` element indexes. */
const PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*$/;
const SEGMENT = /([A-Za-z_$][\w$]*)|\[(\d+)\]/g;

/** The segments of a field path: names and element indexes. */
export function pathSegments(path: string): (string | number)[] {
  if (!PATH.test(path)) throw new Error(`invalid field path '${path}'`);
  return Array.from(path.matchAll(SEGMENT), (m) => (m[1] !== undefined ? m[1] : Number(m[2])));
}

/** `m.addr?.bus`, `m.cores?.[2]`: reads a field of a message that may be malformed. */
function access(path: string): string {
  return pathSegments(path)
    .map((s, i) => (typeof s === 'number' ? `?.[${s}]` : i === 0 ? `m.${s}` : `?.${s}`))
    .join('');
}

/** The test that `v` is NOT a valid value of a field. */
function invalid(field: Field, kind: Kind | undefined, v: string): string {
  if (field.type === 'cap' || field.type === 'give_away_cap') return `typeof ${v} !== 'object' || ${v} === null`;
  switch (kind) {
    case Kind.U8:
      return `typeof ${v} !== 'number' || (${v} & 255) !== ${v}`;
    case Kind.U16:
      return `typeof ${v} !== 'number' || (${v} & 65535) !== ${v}`;
    case Kind.U32:
      return `typeof ${v} !== 'number' || ${v} >>> 0 !== ${v}`;
    case Kind.I8:
      return `typeof ${v} !== 'number' || ((${v} << 24) >> 24) !== ${v}`;
    case Kind.I16:
      return `typeof ${v} !== 'number' || ((${v} << 16) >> 16) !== ${v}`;
    case Kind.I32:
      return `typeof ${v} !== 'number' || (${v} | 0) !== ${v}`;
    case Kind.BOOL:
      return `typeof ${v} !== 'boolean'`;
    case Kind.U64:
      return `typeof ${v} !== 'bigint' || ${v} < 0n || ${v} > 0xffffffffffffffffn`;
    case Kind.I64:
      return `typeof ${v} !== 'bigint' || ${v} < -0x8000000000000000n || ${v} > 0x7fffffffffffffffn`;
    default:
      return 'false'; // enums, strings and buffers are checked where they are converted
  }
}

/** The field's bits as a non-negative integer below 2^bits (or any int32 for 32-bit fields). */
function masked(kind: Kind, v: string): string {
  switch (kind) {
    case Kind.I8:
      return `(${v} & 255)`;
    case Kind.I16:
      return `(${v} & 65535)`;
    case Kind.BOOL:
      return `(${v} ? 1 : 0)`;
    default:
      return v;
  }
}

/** Source of the encoder of a message over `backend`. */
export function encoderSource(name: string, number: number, fields: readonly Field[], plan: Plan): string {
  const lines: string[] = [];
  const kindOf = new Map(plan.positions.filter((p) => p.field >= 0).map((p) => [p.field, p.kind]));
  // 1. Read and check every value, in declaration order.
  fields.forEach((field, i) => {
    const v = `v${i}`;
    lines.push(`const ${v} = ${access(field.name)};`);
    const kind = kindOf.get(i);
    if (kind === Kind.ENUM) {
      lines.push(`const e${i} = E[${i}].get(${v});`, `if (e${i} === undefined) throw c.badValue(${i}, ${v});`);
    } else {
      const test = invalid(field, kind, v);
      if (test !== 'false') lines.push(`if (${test}) throw c.badValue(${i}, ${v});`);
    }
  });
  lines.push(`if (typeof token !== 'number' || token >>> 0 !== token) throw c.badValue(${TOKEN}, token);`);
  lines.push(`out.clear();`, `out.msgnum = ${number};`, `out.token = token;`);
  // 2. The fragments in sending order; caps and overflow fields as they come.
  const caps = fields.flatMap((f, i) => (f.type === 'cap' || f.type === 'give_away_cap' ? [i] : []));
  if (caps.length > 0) {
    lines.push(`out.caps.push(${caps.map((i) => `v${i}`).join(', ')});`);
    lines.push(`out.giveAway.push(${caps.map((i) => fields[i]!.type === 'give_away_cap').join(', ')});`);
  }
  for (const piece of plan.pieces) {
    lines.push(
      piece.kind === 'fixed'
        ? `out.addFragment(${piece.words}, ${piece.cap});`
        : `c.encodeOverflow(${piece.field}, v${piece.field}, '${plan.backend}', out);`,
    );
  }
  // 3. The fixed words, each half with one store (the buffer may have grown: read u32 now).
  if (plan.fixedWords > 0) lines.push('const u = out.u32;');
  const halves: string[][] = Array.from({ length: plan.fixedWords * 2 }, () => []);
  const whole: string[] = [];
  for (const p of plan.positions) {
    if (p.bits === 64) {
      whole.push(`out.${p.kind === Kind.I64 ? 'i64' : 'u64'}[${p.word}] = v${p.field};`);
      halves[p.word * 2] = halves[p.word * 2 + 1] = ['whole'];
      continue;
    }
    const x =
      p.field === MSGNUM
        ? String(number)
        : p.field === TOKEN
          ? 'token'
          : p.kind === Kind.ENUM
            ? `e${p.field}`
            : masked(p.kind, `v${p.field}`);
    const half = p.word * 2 + (p.lo >= 32 ? 1 : 0);
    const shift = p.lo & 31;
    halves[half]!.push(shift === 0 ? x : `(${x} << ${shift})`);
    if (shift + p.bits > 32) halves[half + 1]!.push(`(${x} >>> ${32 - shift})`);
  }
  halves.forEach((terms, h) => {
    if (terms[0] !== 'whole') lines.push(`u[${h}] = ${terms.length ? terms.join(' | ') : '0'};`);
  });
  lines.push(...whole);
  return lines.join('\n');
}

/** The expression of a fixed field's value read from the halves in `u`. */
function read(p: Position, f: string): string {
  if (p.kind === Kind.U64) return `${f}.u64[${p.word}]`;
  if (p.kind === Kind.I64) return `${f}.i64[${p.word}]`;
  const half = p.word * 2 + (p.lo >= 32 ? 1 : 0);
  const shift = p.lo & 31;
  let raw = shift === 0 ? `u[${half}]` : `(u[${half}] >>> ${shift})`;
  if (shift + p.bits > 32) raw = `(${raw} | (u[${half + 1}] << ${32 - shift}))`;
  const fitsHalf = shift === 0 && p.bits === 32;
  switch (p.kind) {
    case Kind.I8:
    case Kind.I16:
      return `((${raw} << ${32 - p.bits}) >> ${32 - p.bits})`;
    case Kind.I32:
      return `(${raw} | 0)`;
    case Kind.BOOL:
      return `((${raw} & 1) !== 0)`;
    default:
      // Unsigned (and enum indexes): mask, or make a 32-bit field non-negative.
      return p.bits === 32 ? (fitsHalf ? raw : `(${raw} >>> 0)`) : `(${raw} & ${2 ** p.bits - 1})`;
  }
}

/** A nested object or array literal built from field paths. */
type Tree = Map<string | number, Tree | string>;

function literal(tree: Tree): string {
  const keys = [...tree.keys()];
  const body = keys.map((k) => {
    const child = tree.get(k)!;
    const value = typeof child === 'string' ? child : literal(child);
    return typeof k === 'number' ? value : `${k}: ${value}`;
  });
  if (typeof keys[0] === 'number') {
    if (keys.some((k, i) => k !== i)) throw new Error(`array elements out of order: ${keys.join(', ')}`);
    return `[${body.join(', ')}]`;
  }
  return `{ ${body.join(', ')} }`;
}

/** Source of the decoder of a message over `backend`. */
export function decoderSource(name: string, fields: readonly Field[], plan: Plan): string {
  const lines: string[] = [];
  const expr = new Map<number, string>();
  if (plan.fixedWords > 0) lines.push('const u = w === undefined ? f.u32 : w;');
  for (const p of plan.positions) {
    if (p.field === MSGNUM) continue;
    const value = read(p, 'f');
    if (p.field === TOKEN) lines.push(`f.token = ${value} >>> 0;`);
    else if (p.kind === Kind.ENUM) {
      lines.push(`const e${p.field} = ${value};`);
      expr.set(p.field, `(I[${p.field}][e${p.field}] ?? c.badEnum(${p.field}, e${p.field}))`);
    } else expr.set(p.field, value);
  }
  const overflow = plan.pieces.filter((p) => p.kind === 'overflow');
  if (overflow.length > 0) lines.push(`f.cursor = ${plan.fixedWords};`);
  for (const piece of overflow) {
    lines.push(`const o${piece.field} = c.readOverflow(f, ${piece.field});`);
    expr.set(piece.field, `o${piece.field}`);
  }
  let cap = 0;
  fields.forEach((field, i) => {
    if (field.type === 'cap' || field.type === 'give_away_cap') expr.set(i, `f.caps[${cap++}]`);
  });
  const root: Tree = new Map([['type', JSON.stringify(name)]]);
  fields.forEach((field, i) => {
    const segments = pathSegments(field.name);
    if (segments[0] === 'type') throw new Error(`field '${field.name}' would hide the message's type`);
    let node = root;
    segments.forEach((s, k) => {
      if (k === segments.length - 1) {
        if (node.has(s)) throw new Error(`field '${field.name}' given twice`);
        node.set(s, expr.get(i)!);
        return;
      }
      let next = node.get(s);
      if (next === undefined) node.set(s, (next = new Map()));
      if (typeof next === 'string') throw new Error(`field '${field.name}' is inside a scalar`);
      node = next;
    });
  });
  lines.push(`return ${literal(root)};`);
  return lines.join('\n');
}

/**
 * Compiles the encoder and decoder of a message over one back end. `support` is the
 * message's codec; enum fields take their item tables from `fields`.
 */
export function compileCodec<M>(
  where: string,
  name: string,
  number: number,
  fields: readonly Field[],
  plan: Plan,
  support: CodecSupport,
): CompiledCodec<M> {
  const items = fields.map((f) => (f.type === 'enum' ? f.items : undefined));
  const indexes = items.map((list) => (list ? new Map(list.map((item, i) => [item, i])) : undefined));
  const url = `//# sourceURL=flounder-codec/${where}.${plan.backend}.js`;
  const encode = new Function(
    'c',
    'E',
    `"use strict";\nreturn function encode(m, token, out) {\n${encoderSource(name, number, fields, plan)}\n};\n${url}`,
  )(support, indexes) as CompiledCodec<M>['encode'];
  const decode = new Function(
    'c',
    'I',
    `"use strict";\nreturn function decode(f, w) {\n${decoderSource(name, fields, plan)}\n};\n${url}`,
  )(support, items) as CompiledCodec<M>['decode'];
  return { encode, decode };
}
