/**
 * A type per message and the union of all of them, discriminated by `type`, the IDL message
 * name: `{ type: 'ping', clientId: 1, msgId: 2 }`. A `switch (message.type)` over the union
 * is exhaustive, which is the type safety the thesis' Go port lost.
 * @module
 */
import { StructureKind, type StatementStructures } from './ts-morph.js';
import type { Interface, Message } from '../model.js';
import type { GenContext, ModulePart } from './context.js';
import { code, docComment, idlArgument, jsDoc } from './docs.js';
import { fitsOnALine } from './literal.js';
import { preformattedStatement } from './preformatted.js';
import { DISCRIMINANT } from './names.js';
import { argumentType } from './types.js';

/** What the IDL declared, for a message's doc: the message, or the rpc it is half of. */
export function messageDeclaration(model: Interface, message: Message): string {
  if (message.rpc === undefined) return `message ${message.name}(${message.arguments.map(idlArgument).join(', ')})`;
  const rpc = model.rpcs.find((r) => r.name === message.rpc)!;
  return `rpc ${rpc.name}(${rpc.arguments.map((a) => `${a.direction} ${idlArgument(a)}`).join(', ')})`;
}

function messageDoc(model: Interface, message: Message): string {
  const half = message.kind === 'rpc call' ? 'The call of ' : message.kind === 'rpc response' ? 'The response of ' : '';
  return jsDoc(message.doc, `${half}${code(messageDeclaration(model, message))}, number ${message.number}.`);
}

/**
 * A message's type, laid out here as prettier lays it out (`preformatted.ts`): an interface
 * body takes a line a member whatever the width, and each member keeps to its line while it
 * fits. A member too wide for its line is left to prettier, with the whole interface.
 */
function messageInterface(context: GenContext, message: Message): StatementStructures | string {
  const structure = messageStructure(context, message);
  const members = structure.properties.map((p) => `  readonly ${p.name}: ${p.type};`);
  if (!members.every(fitsOnALine)) return structure;
  const lines = [docComment(structure.docs[0]), `export interface ${structure.name} {`];
  structure.properties.forEach((p, i) => {
    if (p.docs.length > 0) lines.push(...docComment(p.docs[0]!).split('\n').map((l) => `  ${l}`));
    lines.push(members[i]!);
  });
  return preformattedStatement(`${lines.join('\n')}\n}`);
}

/** A message's interface as a ts-morph structure. */
interface MessageStructure {
  kind: typeof StructureKind.Interface;
  name: string;
  isExported: true;
  docs: [string];
  properties: { name: string; type: string; isReadonly: boolean; docs: string[] }[];
}

function messageStructure(context: GenContext, message: Message): MessageStructure {
  return {
    kind: StructureKind.Interface,
    name: context.names.message(message),
    isExported: true,
    docs: [messageDoc(context.model, message)],
    properties: [
      { name: DISCRIMINANT, type: `'${message.name}'`, isReadonly: true, docs: [] },
      ...message.arguments.map((argument) => ({
        name: context.names.argument(message, argument),
        type: argumentType(context, argument),
        isReadonly: true,
        // The message's doc shows every argument's IDL type; a property repeats it only beside a comment.
        docs: argument.doc === undefined ? [] : [jsDoc(argument.doc, code(idlArgument(argument)))],
      })),
    ],
  };
}

/** The part declaring the message types and their union. */
export const messagesPart: ModulePart = {
  title: 'Messages',
  statements: (context) => [
    ...context.model.messages.map((m) => messageInterface(context, m)),
    {
      kind: StructureKind.TypeAlias,
      // A blank line after the interfaces: ts-morph puts none after text (prettier keeps one of many).
      leadingTrivia: '\n',
      name: context.names.union,
      isExported: true,
      docs: [
        `Every message of interface ${code(context.model.name)}, discriminated by its IDL name in ${code(DISCRIMINANT)}.`,
      ],
      type: context.model.messages.map((m) => context.names.message(m)).join(' | '),
    },
  ],
};
