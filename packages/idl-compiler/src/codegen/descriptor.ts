/**
 * The interface descriptor: the schema the runtime's `defineInterface` turns into codecs. It
 * is plain data: every message's number, its values (by property path in the message object,
 * with their wire types and limits), and its layout for LMP and UMP, each word listing its
 * fields from bit 0 upwards exactly as the layout back end computed them.
 * @module
 */
import { StructureKind, VariableDeclarationKind } from './ts-morph.js';
import type { Fragment, MessageLayout } from '../layout/index.js';
import { resolve, type Message } from '../model.js';
import type { PathStep, WireValue } from '../layout/index.js';
import type { GenContext, ModulePart } from './context.js';
import { code } from './docs.js';
import { Code, layOut, literal } from './literal.js';
import { preformatted } from './preformatted.js';

/** A scalar's property path in its message object: `addr.bus`, `cores[2]`. */
export function propertyPath(context: GenContext, message: Message, path: readonly PathStep[]): string {
  const argument = message.arguments.find((a) => a.name === path[0])!;
  let text = context.names.argument(message, argument);
  let type = argument.kind === 'plain' ? argument.type : undefined;
  for (const step of path.slice(1)) {
    const resolved = resolve(type!);
    if (typeof step === 'number' && resolved.kind === 'array') {
      text += `[${step}]`;
      type = resolved.element;
    } else if (resolved.kind === 'struct') {
      const field = resolved.fields.find((f) => f.name === step)!;
      text += `.${context.names.field(resolved, field)}`;
      type = field.type;
    }
  }
  return text;
}

/** A value's wire type in the schema: `'uint32'`, `{ enum: PortType }`, `{ string: 2048 }`, ... */
function fieldType(context: GenContext, value: WireValue): unknown {
  switch (value.kind) {
    case 'scalar':
      return typeof value.type === 'string' ? value.type : { enum: new Code(context.names.type(value.type)) };
    case 'cap':
      return value.giveAway ? 'give_away_cap' : 'cap';
    case 'overflow':
      return value.argument.kind === 'string'
        ? { string: value.argument.maxSize }
        : { buffer: value.argument.maxLength };
  }
}

function valueName(context: GenContext, message: Message, value: WireValue): string {
  return value.kind === 'scalar'
    ? propertyPath(context, message, value.path)
    : context.names.argument(message, value.argument);
}

function fragmentSchema(context: GenContext, message: Message, fragment: Fragment): unknown {
  if (fragment.kind === 'overflow')
    return {
      overflow: context.names.argument(message, fragment.value.argument),
    };
  const words = fragment.words.map((word) =>
    word
      .map((slot) => (typeof slot.field === 'string' ? slot.field : propertyPath(context, message, slot.field.path)))
      .join(' '),
  );
  return fragment.cap === undefined ? words : { words, cap: context.names.argument(message, fragment.cap.argument) };
}

function messageSchema(context: GenContext, { message, values, lmp, ump }: MessageLayout): object {
  const fragments = (list: readonly Fragment[]) => list.map((f) => fragmentSchema(context, message, f));
  return {
    number: message.number,
    kind: message.kind === 'rpc call' ? 'call' : message.kind === 'rpc response' ? 'response' : undefined,
    rpc: message.rpc,
    fields: Object.fromEntries(values.map((v) => [valueName(context, message, v), fieldType(context, v)])),
    lmp: fragments(lmp.fragments),
    ump: 'unsupported' in ump ? { unsupported: ump.unsupported } : fragments(ump.fragments),
  };
}

/** Where the messages' entries stand in the descriptor once formatted, and so how they are laid out. */
const MESSAGES_INDENT = 4;

/**
 * The descriptor's `messages` object, one message a line, each laid out as prettier lays it
 * out there (marked {@link preformatted}, so that prettier need not).
 */
function messagesLiteral(context: GenContext): string {
  if (context.layout.messages.length === 0) return '{}';
  const lines = context.layout.messages.map((layout) => {
    const name = layout.message.name;
    const column = MESSAGES_INDENT + name.length + 2;
    return `${' '.repeat(MESSAGES_INDENT)}${name}: ${layOut(messageSchema(context, layout), column, MESSAGES_INDENT, 1)},`;
  });
  return preformatted(`{\n${lines.join('\n')}\n${' '.repeat(MESSAGES_INDENT - 2)}}`);
}

/** The flat literal of every message's schema, by name: what prettier lays out in a test against {@link messagesLiteral}. */
export function messageLiterals(context: GenContext): [string, string][] {
  return context.layout.messages.map((layout) => [layout.message.name, literal(messageSchema(context, layout))]);
}

/** The part declaring the interface descriptor. */
export const descriptorPart: ModulePart = {
  title: 'Descriptor',
  statements: (context) => {
    const defineInterface = context.runtimeValue('defineInterface');
    return [
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [
          [
            `The ${code(context.model.name)} interface: its message numbers, the values of every message with their`,
            'wire types and limits, and their layouts for LMP and UMP (each word lists its fields from bit 0',
            'up), from which the runtime builds the codecs that encode a message into its fragments and',
            'decode it back.',
          ].join('\n'),
        ],
        declarations: [
          {
            name: context.names.descriptor,
            initializer: (writer) => {
              writer.write(`${defineInterface}<${context.names.union}>({`).indent(() => {
                writer.writeLine(`name: ${literal(context.model.name)},`);
                writer.writeLine(`description: ${literal(context.model.description)},`);
                writer.writeLine(`messages: ${messagesLiteral(context)},`);
              });
              writer.write('})');
            },
          },
        ],
      },
    ];
  },
};
