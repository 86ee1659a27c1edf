/**
 * The checked model as JSON (`flounderc --emit ast`): the model as it is, except that a
 * reference to a type is written as the type's name (declarations are listed once, in
 * `types`; a name means a builtin if it is one), an rpc names its two messages, and a
 * position is written `file:line:column`.
 * @module
 */
import type { Interface, SourcePosition } from './model.js';

/** Keys whose values are type references or messages, written by name. */
const BY_NAME = new Set(['type', 'target', 'resolved', 'element', 'call', 'response']);
const POSITIONS = new Set(['position', 'lengthPosition']);
/** Keys whose values the JSON has elsewhere: an rpc's arguments carry their direction. */
const LEFT_OUT = new Set(['inArguments', 'outArguments']);

function replacer(this: unknown, key: string, value: unknown): unknown {
  if (LEFT_OUT.has(key)) return undefined;
  if (POSITIONS.has(key)) {
    const { file, line, column } = value as SourcePosition;
    return `${file}:${line}:${column}`;
  }
  if (BY_NAME.has(key) && typeof value === 'object' && value !== null && 'name' in value) return value.name;
  return value;
}

/** The model as JSON text, two-space indented, ending with a newline. */
export function modelToJson(model: Interface): string {
  return JSON.stringify(model, replacer, 2) + '\n';
}
