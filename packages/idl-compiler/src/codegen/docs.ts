/**
 * JSDoc for generated declarations: the IDL comment, then what the declaration was in the
 * IDL, so that a reader of the TypeScript sees the Flounder type of every value (its range).
 * @module
 */
import { argumentText } from '../layout/json.js';
import type { Argument } from '../model.js';

/** A JSDoc body: paragraphs joined by blank lines, with `*\/` made harmless. */
export function jsDoc(...paragraphs: (string | undefined)[]): string {
  return paragraphs
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .map((p) => p.trim().replaceAll('*/', '*\\/'))
    .join('\n\n');
}

/** An argument as written in the IDL: `uint32 client_id`, `String s[2048]`, `char a[len, 2048]`. */
export function idlArgument(argument: Argument): string {
  return argumentText(argument, (type) => type.name);
}

/** Code in a doc comment. */
export function code(text: string): string {
  return `\`${text}\``;
}

/** A JSDoc block comment for hand-written places (ts-morph writes `docs` itself). */
export function docComment(body: string): string {
  const lines = body.split('\n');
  return lines.length === 1 ? `/** ${body} */` : ['/**', ...lines.map((l) => (l ? ` * ${l}` : ' *')), ' */'].join('\n');
}
