/**
 * A type per message and the union of all of them, discriminated by `type`, the IDL message
 * name: `{ type: 'ping', clientId: 1, msgId: 2 }`. A `switch (message.type)` over the union
 * is exhaustive, which is the type safety the thesis' Go port lost.
 * @module
 */
import { StructureKind, type StatementStructures } from './ts-morph.js';
import type { Interface, Message } from '../model.js';
import type { GenContext, ModulePart } from './context.js';
import { code, idlArgument, jsDoc } from './docs.js';
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

function messageInterface(context: GenContext, message: Message): StatementStructures {
  return {
    kind: StructureKind.Interface,
    name: context.names.message(message),
    isExported: true,
    docs: [messageDoc(context.model, message)],
    properties: [
      { name: DISCRIMINANT, type: `'${message.name}'`, isReadonly: true },
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
      name: context.names.union,
      isExported: true,
      docs: [
        `Every message of interface ${code(context.model.name)}, discriminated by its IDL name in ${code(DISCRIMINANT)}.`,
      ],
      type: context.model.messages.map((m) => context.names.message(m)).join(' | '),
    },
  ],
};
