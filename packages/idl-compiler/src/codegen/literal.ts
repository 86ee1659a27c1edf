/**
 * Plain data as JavaScript literals: identifier keys unquoted, strings in single quotes, flat
 * (`{ a: 1, b: ['x'] }`) or laid out over lines exactly as prettier lays it out with the
 * compiler's options. Laying it out here lets a large literal skip prettier (see
 * `preformatted.ts`): the descriptor's messages are two fifths of a module, and prettier takes
 * as long for them as for the rest.
 * @module
 */
import { PRETTIER_OPTIONS } from './prettier-options.js';

/** Code to write as it is inside a {@link literal}: a reference to a declaration. */
export class Code {
  constructor(readonly text: string) {}
}

const WIDTH = PRETTIER_OPTIONS.printWidth!;

/** Whether a line fits in prettier's print width. */
export function fitsOnALine(line: string): boolean {
  return line.length <= WIDTH;
}

/** A string literal, in the quotes prettier picks: single, unless that needs more escapes. */
function quoted(text: string): string {
  const singles = text.split("'").length - 1;
  const doubles = text.split('"').length - 1;
  const quote = singles > doubles ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return quote + escaped.replace(/\n/g, '\\n') + quote;
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quoted(name);
}

function entries(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** A value on one line. */
export function literal(value: unknown): string {
  if (value instanceof Code) return value.text;
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  const list = entries(value as object);
  if (list.length === 0) return '{}';
  return `{ ${list.map(([k, v]) => `${key(k)}: ${literal(v)}`).join(', ')} }`;
}

/** How many entries an object or array has, or -1 for anything else. */
function size(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null && !(value instanceof Code)) return entries(value).length;
  return -1;
}

/**
 * Whether prettier breaks a value over lines whatever its width: an array of two or more
 * arrays, or of two or more objects, each with more than one entry (a matrix reads better one
 * row a line); and anything holding such an array.
 */
function breaksAlways(value: unknown): boolean {
  if (Array.isArray(value)) {
    const [first] = value;
    const rows =
      value.length > 1 &&
      value.every((v) => Array.isArray(v) === Array.isArray(first) && size(v) > 1);
    return rows || value.some(breaksAlways);
  }
  return size(value) > 0 && entries(value as object).some(([, v]) => breaksAlways(v));
}

/**
 * A value as prettier lays it out: on one line if it fits in the print width and need not
 * break, else one entry a line, each laid out the same way, with trailing commas. `column` is
 * where the value starts, `indent` the indentation of its line, `after` how many characters
 * follow it before the line ends.
 */
export function layOut(value: unknown, column: number, indent: number, after: number): string {
  const flat = literal(value);
  if (size(value) <= 0 || (column + flat.length + after <= WIDTH && !breaksAlways(value))) return flat;
  const inner = indent + 2;
  const pad = ' '.repeat(inner);
  const lines = Array.isArray(value)
    ? value.map((v) => `${pad}${layOut(v, inner, inner, 1)},`)
    : entries(value as object).map(([k, v]) => `${pad}${key(k)}: ${layOut(v, inner + key(k).length + 2, inner, 1)},`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${' '.repeat(indent)}${close}`;
}
