/**
 * The TypeScript type of every IDL type, and the declarations of the interface's types:
 * - `uint64`, `int64`, `uintptr`, `intptr`, `size` as `bigint`; narrower integers and `char`
 *   as `number`; `bool` as `boolean`; `iref`, `errval`, `cap`/`give_away_cap` as the
 *   runtime's `Iref`, `Errval`, `CapRef`;
 * - aliases and typedefs as type aliases (so the IDL name stays visible), structs as
 *   interfaces of readonly properties, fixed arrays as readonly tuples, enums as a union of
 *   string literals with a const object of the same name holding the items.
 * @module
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from './ts-morph.js';
import { type Argument, type BuiltinTypeName, type Interface, type Type, type TypeDeclaration } from '../model.js';
import type { GenContext, ModulePart } from './context.js';
import { code, docComment, jsDoc } from './docs.js';

const BUILTIN_TS: Readonly<Record<BuiltinTypeName, string>> = {
  uint8: 'number',
  uint16: 'number',
  uint32: 'number',
  int8: 'number',
  int16: 'number',
  int32: 'number',
  char: 'number',
  uint64: 'bigint',
  int64: 'bigint',
  uintptr: 'bigint',
  intptr: 'bigint',
  size: 'bigint',
  bool: 'boolean',
  iref: 'Iref',
  errval: 'Errval',
  cap: 'CapRef',
  give_away_cap: 'CapRef',
};

/** Builtins whose TypeScript type comes from the runtime. */
const FROM_RUNTIME: ReadonlySet<string> = new Set(['Iref', 'Errval', 'CapRef']);

/** The TypeScript type of an IDL type. */
export function tsType(context: GenContext, type: Type): string {
  if (type.kind !== 'builtin') return context.names.type(type);
  const ts = BUILTIN_TS[type.name];
  return FROM_RUNTIME.has(ts) ? context.runtimeType(ts) : ts;
}

/** The TypeScript type of a message argument: strings as `string`, dynamic arrays as `Uint8Array`. */
export function argumentType(context: GenContext, argument: Argument): string {
  switch (argument.kind) {
    case 'plain':
      return tsType(context, argument.type);
    case 'string':
      return 'string';
    case 'dynamic-array':
      return 'Uint8Array';
  }
}

/** The declared types the messages use (directly or through other types), and every type of the interface itself. */
export function usedTypes(model: Interface): TypeDeclaration[] {
  const used = new Set<TypeDeclaration>();
  const visit = (type: Type): void => {
    if (type.kind === 'builtin' || used.has(type)) return;
    used.add(type);
    if (type.kind === 'typedef') visit(type.target);
    else if (type.kind === 'struct') for (const f of type.fields) visit(f.type);
    else if (type.kind === 'array') visit(type.element);
  };
  for (const message of model.messages) {
    for (const argument of message.arguments) if (argument.kind === 'plain') visit(argument.type);
  }
  for (const type of model.types) if (type.origin === 'interface') visit(type);
  return model.types.filter((t) => used.has(t));
}

/** How the IDL declares a type, for its doc. */
function declaration(type: TypeDeclaration): string {
  switch (type.kind) {
    case 'alias':
      return `alias ${type.name} ${type.target.name}`;
    case 'typedef':
      return `typedef ${type.target.name} ${type.name}`;
    case 'struct':
      return `typedef struct { ${type.fields.map((f) => `${f.type.name} ${f.name};`).join(' ')} } ${type.name}`;
    case 'enum':
      return `typedef enum { ${type.items.map((i) => i.name).join(', ')} } ${type.name}`;
    case 'array':
      return `typedef ${type.element.name} ${type.name}[${type.length}]`;
  }
}

function typeStatements(context: GenContext, type: TypeDeclaration): StatementStructures[] {
  const name = context.names.type(type);
  const docs = [jsDoc(type.doc, code(declaration(type)))];
  switch (type.kind) {
    case 'alias':
    case 'typedef':
      return [
        {
          kind: StructureKind.TypeAlias,
          name,
          isExported: true,
          docs,
          type: tsType(context, type.target),
        },
      ];
    case 'array': {
      const element = tsType(context, type.element);
      return [
        {
          kind: StructureKind.TypeAlias,
          name,
          isExported: true,
          docs,
          type: `readonly [${Array.from({ length: type.length }, () => element).join(', ')}]`,
        },
      ];
    }
    case 'struct':
      return [
        {
          kind: StructureKind.Interface,
          name,
          isExported: true,
          docs,
          properties: type.fields.map((field) => ({
            name: context.names.field(type, field),
            type: tsType(context, field.type),
            isReadonly: true,
            docs: field.doc === undefined ? [] : [jsDoc(field.doc, code(`${field.type.name} ${field.name}`))],
          })),
        },
      ];
    case 'enum': {
      const items = type.items.map((item) => `'${item.name}'`);
      return [
        {
          kind: StructureKind.TypeAlias,
          name,
          isExported: true,
          docs,
          type: items.join(' | '),
        },
        {
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          docs: [`The items of {@link ${name}}, in wire order (the first travels as 0).`],
          declarations: [
            {
              name,
              initializer: (writer) => {
                writer.write('{').indent(() => {
                  for (const item of type.items) {
                    if (item.doc) writer.writeLine(docComment(jsDoc(item.doc)));
                    writer.writeLine(`${item.name}: '${item.name}',`);
                  }
                });
                writer.write('} as const');
              },
            },
          ],
        },
      ];
    }
  }
}

/** The part declaring the interface's types. */
export const typesPart: ModulePart = {
  title: 'Types',
  statements: (context) => usedTypes(context.model).flatMap((type) => typeStatements(context, type)),
};
