/**
 * The checker: from the AST of an interface (and of its includes) to the checked model, or
 * to the diagnostics that say why there is none.
 *
 * Types are resolved as Flounder resolves them: a name means a builtin if it is one (even when
 * an include declares it too, like `iref` in types.if), else the latest declaration of that
 * name so far, the includes' in `-i` order first. A file may redeclare a type an earlier file
 * declared; within one file a name is declared once, and before it is used.
 * @module
 */
import { basename } from 'node:path';
import type {
  ArgumentNode,
  BackendParamsNode,
  DeclarationNode,
  IncludeNode,
  InterfaceNode,
  MessageNode,
  Name,
  TypeDeclarationNode,
  TypeName,
} from './ast.js';
import { type Diagnostic, diagnosticAt, sortDiagnostics } from './diagnostics.js';
import {
  BUILTIN_TYPE_NAMES,
  FIRST_MESSAGE_NUMBER,
  MAX_MESSAGE_NUMBER,
  resolve,
  type Argument,
  type BackendParam,
  type BackendParams,
  type BuiltinType,
  type BuiltinTypeName,
  type EnumItem,
  type Interface,
  type Message,
  type MessageKind,
  type Rpc,
  type SourcePosition,
  type StructField,
  type Type,
  type TypeDeclaration,
} from './model.js';
import { didYouMean } from './spelling.js';

export interface CheckOptions {
  /** The parsed `-i` files, in the order given: their declarations come before the interface's. */
  readonly includes?: readonly IncludeNode[];
  /**
   * Whether the interface name must equal the file's base name without `.if`, as Flounder
   * requires. Default true; turn off for text that has no file of its own.
   */
  readonly requireFileName?: boolean;
}

export interface CheckResult {
  /** The checked interface; undefined when there is any diagnostic. */
  readonly model: Interface | undefined;
  /** Every error found, in source order. */
  readonly diagnostics: readonly Diagnostic[];
}

const BUILTINS = new Map<string, BuiltinType>([
  ...BUILTIN_TYPE_NAMES.map((name): [string, BuiltinType] => [name, { kind: 'builtin', name }]),
  // Flounder's legacy spelling.
  ['int', { kind: 'builtin', name: 'int32' }],
]);

const BYTE_SIZED: ReadonlySet<BuiltinTypeName> = new Set(['char', 'int8', 'uint8']);
const CAPS: ReadonlySet<BuiltinTypeName> = new Set(['cap', 'give_away_cap']);

/** Where a type name is used, which decides what it may name, and how messages say it. */
const USES = {
  argument: 'an argument',
  field: 'a struct field',
  element: 'an array element',
  'typedef target': 'a typedef target',
  'dynamic array element': 'a dynamic array element',
} as const;
type Use = keyof typeof USES;

const isCap = (type: Type): boolean => {
  const resolved = resolve(type);
  return resolved.kind === 'builtin' && CAPS.has(resolved.name);
};

function isMessage(d: DeclarationNode): d is MessageNode {
  return d.kind === 'message' || d.kind === 'rpc';
}

function withDoc(node: { readonly doc?: string }): { doc?: string } {
  return node.doc === undefined ? {} : { doc: node.doc };
}

function lineOf(position: SourcePosition, from: SourcePosition): string {
  return position.file === from.file ? `line ${position.line}` : `${position.file}:${position.line}`;
}

/** Checks one interface with its includes. */
class Checker {
  private readonly diagnostics: Diagnostic[] = [];
  /** The visible declaration of every name so far. */
  private readonly scope = new Map<string, TypeDeclaration>();
  /** The names of declarations recovery had to drop: their uses are not reported. */
  private readonly broken = new Set<string>();
  private readonly enumItems = new Map<string, { item: EnumItem; enumName: string }>();
  /** Where each declaration was first used by another, so that it is not hidden under it. */
  private readonly firstUse = new Map<TypeDeclaration, Name>();
  /** The first declaration of each type name in the file being checked. */
  private fileTypes = new Map<string, Name>();

  constructor(private readonly includes: readonly IncludeNode[]) {}

  private error(at: SourcePosition, length: number, message: string): void {
    this.diagnostics.push(diagnosticAt(at.file, at, length, message));
  }

  private errorAt(name: Name, message: string): void {
    this.error(name.position, name.text.length, message);
  }

  run(ast: InterfaceNode, requireFileName: boolean): CheckResult {
    const partial = ast.recovery !== undefined || this.includes.some((i) => i.recovery !== undefined);
    for (const file of [...this.includes, ast]) {
      for (const name of file.recovery?.brokenTypeNames ?? []) this.broken.add(name);
    }
    for (const include of this.includes) this.declareTypes(include.declarations, 'include');
    const messageNodes = ast.declarations.filter(isMessage);
    this.checkTypeOrder(ast.declarations);
    this.declareTypes(ast.declarations, 'interface');
    const { messages, rpcs } = this.messages(messageNodes);

    if (messageNodes.length === 0 && !partial) {
      this.errorAt(ast.name, `interface '${ast.name.text}' declares no messages; it needs at least one`);
    }
    if (requireFileName) this.checkFileName(ast);

    const diagnostics = sortDiagnostics(this.diagnostics);
    if (diagnostics.length > 0 || partial) return { model: undefined, diagnostics };
    return {
      model: {
        name: ast.name.text,
        description: ast.description?.value ?? ast.name.text,
        file: ast.file,
        includes: this.includes.map((i) => i.file),
        ...withDoc(ast),
        position: ast.name.position,
        types: [...this.scope.values()],
        messages,
        rpcs,
      },
      diagnostics,
    };
  }

  private checkFileName(ast: InterfaceNode): void {
    const expected = basename(ast.file).replace(/\.if$/, '');
    if (ast.name.text !== expected) {
      this.errorAt(
        ast.name,
        `interface '${ast.name.text}' must be in a file named '${ast.name.text}.if', not '${basename(ast.file)}'`,
      );
    }
  }

  /** Flounder reads every type declaration before the first message. */
  private checkTypeOrder(declarations: readonly DeclarationNode[]): void {
    const firstMessage = declarations.find(isMessage);
    if (firstMessage === undefined) return;
    for (const d of declarations.slice(declarations.indexOf(firstMessage))) {
      if (!isMessage(d)) {
        this.errorAt(
          d.name,
          `type '${d.name.text}' is declared after ${firstMessage.kind} '${firstMessage.name.text}' ` +
            `(${lineOf(firstMessage.name.position, d.name.position)}); types must come before the first message`,
        );
      }
    }
  }

  private declareTypes(declarations: readonly DeclarationNode[], origin: 'interface' | 'include'): void {
    this.fileTypes = new Map();
    for (const d of declarations) {
      if (!isMessage(d) && !this.fileTypes.has(d.name.text)) this.fileTypes.set(d.name.text, d.name);
    }
    const here = new Map<string, Name>();
    for (const d of declarations) {
      if (isMessage(d)) {
        if (origin === 'include') {
          this.errorAt(d.name, `${d.kind} '${d.name.text}' in an include file: include files hold type declarations only`);
        }
        continue;
      }
      const declared = this.typeDeclaration(d, origin);
      const name = d.name.text;
      const first = here.get(name);
      if (BUILTINS.has(name) || name === 'String') {
        // types.if aliases `iref` for C's sake; Flounder keeps the builtin. An interface
        // declaring a builtin's name is a mistake: every use would still mean the builtin.
        if (origin === 'interface') this.errorAt(d.name, `'${name}' is a builtin type and cannot be declared again`);
      } else if (first !== undefined) {
        this.errorAt(d.name, `duplicate type '${name}': first declared at ${lineOf(first.position, d.name.position)}`);
      } else if (declared !== undefined) {
        const hidden = this.scope.get(name);
        const use = hidden && this.firstUse.get(hidden);
        if (hidden !== undefined && use !== undefined) {
          // Hiding it now would change what the earlier use means.
          this.errorAt(
            d.name,
            `type '${name}' cannot be declared again: the declaration at ${lineOf(hidden.position, d.name.position)} is already used at ${lineOf(use.position, d.name.position)}`,
          );
        }
        here.set(name, d.name);
        // A later declaration hides an included one: it moves to its own place in the order.
        this.scope.delete(name);
        this.scope.set(name, declared);
      } else {
        here.set(name, d.name);
        this.broken.add(name);
      }
    }
  }

  private typeDeclaration(d: TypeDeclarationNode, origin: 'interface' | 'include'): TypeDeclaration | undefined {
    const common = { name: d.name.text, position: d.name.position, ...withDoc(d), origin };
    switch (d.kind) {
      case 'alias': {
        const target = this.aliasTarget(d.target);
        return target && { kind: 'alias', ...common, target, resolved: target };
      }
      case 'typedef': {
        const target = this.type(d.target, 'typedef target');
        return target && { kind: 'typedef', ...common, target, resolved: resolve(target) };
      }
      case 'array': {
        const element = this.type(d.element, 'element');
        const length = this.count(d.length, `the length of array '${d.name.text}'`);
        return element && length !== undefined ? { kind: 'array', ...common, element, length } : undefined;
      }
      case 'struct': {
        if (d.fields.length === 0) this.errorAt(d.name, `struct '${d.name.text}' has no fields`);
        const seen = new Map<string, Name>();
        const fields: StructField[] = [];
        for (const field of d.fields) {
          const first = seen.get(field.name.text);
          if (first !== undefined) {
            this.errorAt(field.name, `duplicate field '${field.name.text}' in struct '${d.name.text}': first declared at line ${first.position.line}`);
          }
          seen.set(field.name.text, field.name);
          const type = this.type(field.type, 'field');
          if (type !== undefined) fields.push({ name: field.name.text, type, position: field.name.position, ...withDoc(field) });
        }
        return fields.length === d.fields.length && fields.length > 0 ? { kind: 'struct', ...common, fields } : undefined;
      }
      case 'enum': {
        const items = d.items.map((node, value): EnumItem => ({ name: node.name.text, value, position: node.name.position, ...withDoc(node) }));
        for (const item of items) {
          const first = this.enumItems.get(item.name);
          if (first !== undefined) {
            const where = first.enumName === d.name.text ? 'in this enum' : `of enum '${first.enumName}'`;
            this.error(item.position, item.name.length, `duplicate enum item '${item.name}': already an item ${where} (${lineOf(first.item.position, item.position)})`);
          } else {
            this.enumItems.set(item.name, { item, enumName: d.name.text });
          }
        }
        return { kind: 'enum', ...common, items };
      }
    }
  }

  private aliasTarget(target: TypeName): BuiltinType | undefined {
    const builtin = BUILTINS.get(target.text);
    if (builtin !== undefined && !CAPS.has(builtin.name)) return builtin;
    if (builtin !== undefined || target.text === 'String') {
      this.errorAt(target, `'${target.text}' cannot be aliased: ${target.text === 'String' ? "a String is only an argument, 'String name[N]'" : 'a cap is only a message argument'}`);
    } else if (this.scope.has(target.text)) {
      this.errorAt(target, `an alias must name a builtin type, and '${target.text}' is a declared type; use 'typedef ${target.text} NAME;' instead`);
    } else if (!this.broken.has(target.text)) {
      this.errorAt(target, `unknown builtin type '${target.text}'${didYouMean(target.text, BUILTINS.keys())}`);
    }
    return undefined;
  }

  /** Resolves a type name used as `use`; reports and returns undefined when it cannot be. */
  private type(name: TypeName, use: Use): Type | undefined {
    const type = BUILTINS.get(name.text) ?? this.scope.get(name.text);
    if (type === undefined) {
      this.unknownType(name, use);
      return undefined;
    }
    if (use !== 'argument' && isCap(type)) {
      this.errorAt(name, `${USES[use]} cannot be a cap: caps travel only as message arguments`);
      return undefined;
    }
    if (type.kind !== 'builtin' && !this.firstUse.has(type)) this.firstUse.set(type, name);
    return type;
  }

  private unknownType(name: TypeName, use: Use): void {
    if (this.broken.has(name.text)) return;
    if (name.text === 'String') {
      this.errorAt(name, `'String' is only an argument, 'String name[N]', not ${USES[use]}`);
      return;
    }
    // Not in scope yet declared in this file: declared further down.
    const later = this.fileTypes.get(name.text);
    if (later !== undefined) {
      this.errorAt(name, `type '${name.text}' is used before its declaration at line ${later.position.line}`);
      return;
    }
    this.errorAt(name, `unknown type '${name.text}'${didYouMean(name.text, [...BUILTINS.keys(), 'String', ...this.scope.keys()])}`);
  }

  /** A size or count: at least 1 (a malformed number was already reported by the lexer). */
  private count(number: { value: number; text: string; position: SourcePosition }, what: string): number | undefined {
    if (Number.isNaN(number.value)) return undefined;
    if (number.value < 1) {
      this.error(number.position, number.text.length, `${what} must be at least 1`);
      return undefined;
    }
    return number.value;
  }

  private messages(nodes: readonly MessageNode[]): { messages: Message[]; rpcs: Rpc[] } {
    const messages: Message[] = [];
    const rpcs: Rpc[] = [];
    /** Every message name taken so far, with what took it. */
    const taken = new Map<string, { node: MessageNode; half?: 'call' | 'response' }>();
    const takeName = (name: string, node: MessageNode, half?: 'call' | 'response'): void => {
      const first = taken.get(name);
      if (first === undefined) {
        taken.set(name, half === undefined ? { node } : { node, half });
        return;
      }
      const firstIs = first.half === undefined ? `${first.node.kind} '${name}'` : `the ${first.half} of rpc '${first.node.name.text}'`;
      const thisIs = half === undefined ? `${node.kind} '${name}'` : `rpc '${node.name.text}' (its ${half}, '${name}')`;
      const where = lineOf(first.node.name.position, node.name.position);
      this.errorAt(node.name, first.node.name.text === node.name.text && first.node.kind === node.kind
        ? `duplicate ${node.kind} '${node.name.text}': first declared at ${where}`
        : `${thisIs} clashes with ${firstIs} (${where})`);
    };

    let number = FIRST_MESSAGE_NUMBER;
    const numbered = (node: MessageNode, name: string, kind: MessageKind, args: readonly Argument[], backendParams: readonly BackendParams[]): Message => {
      if (number === MAX_MESSAGE_NUMBER + 1) {
        this.errorAt(node.name, `too many messages: '${name}' would be number ${number}, and message numbers end at ${MAX_MESSAGE_NUMBER}`);
      }
      const message: Message = {
        number: number++,
        name,
        kind,
        ...(kind !== 'message' && { rpc: node.name.text }),
        arguments: args,
        backendParams,
        ...withDoc(node),
        position: node.name.position,
      };
      messages.push(message);
      return message;
    };

    for (const node of nodes) {
      const args = this.arguments(node);
      const backendParams = this.backendParams(node, args.map((a) => a.argument));
      if (node.kind === 'message') {
        takeName(node.name.text, node);
        numbered(node, node.name.text, 'message', args.map((a) => a.argument), backendParams);
        continue;
      }
      const call = `${node.name.text}_call`;
      const response = `${node.name.text}_response`;
      takeName(call, node, 'call');
      takeName(response, node, 'response');
      const ins = args.filter((a) => a.direction === 'in').map((a) => a.argument);
      const outs = args.filter((a) => a.direction === 'out').map((a) => a.argument);
      rpcs.push({
        name: node.name.text,
        arguments: args.map((a) => ({ ...a.argument, direction: a.direction })),
        inArguments: ins,
        outArguments: outs,
        call: numbered(node, call, 'rpc call', ins, backendParams),
        response: numbered(node, response, 'rpc response', outs, backendParams),
        backendParams,
        ...withDoc(node),
        position: node.name.position,
      });
    }
    return { messages, rpcs };
  }

  /** The arguments of a message or an rpc, with their directions ('in' for a message's). */
  private arguments(node: MessageNode): { argument: Argument; direction: 'in' | 'out' }[] {
    const names = new Map<string, Name>();
    const claim = (name: Name): void => {
      const first = names.get(name.text);
      if (first !== undefined) {
        this.errorAt(name, `duplicate argument '${name.text}' in ${node.kind} '${node.name.text}': first declared at line ${first.position.line}`);
      } else {
        names.set(name.text, name);
      }
    };
    const args: { argument: Argument; direction: 'in' | 'out' }[] = [];
    for (const arg of node.arguments) {
      claim(arg.name);
      if (arg.size?.length !== undefined) claim(arg.size.length);
      const direction = this.direction(node, arg);
      const argument = this.argument(arg);
      if (argument !== undefined) args.push({ argument, direction });
    }
    return args;
  }

  private direction(node: MessageNode, arg: ArgumentNode): 'in' | 'out' {
    if (node.kind === 'message' && arg.direction !== undefined) {
      this.error(arg.direction.position, arg.direction.value.length, `'${arg.direction.value}' is only for rpc arguments; a message's arguments have no direction`);
    }
    if (node.kind === 'rpc' && arg.direction === undefined) {
      this.errorAt(arg.type, `rpc argument '${arg.name.text}' needs a direction: 'in' or 'out'`);
    }
    return arg.direction?.value ?? 'in';
  }

  private argument(arg: ArgumentNode): Argument | undefined {
    const common = { name: arg.name.text, position: arg.name.position, ...withDoc(arg) };
    const size = arg.size;
    if (arg.type.text === 'String') {
      if (size === undefined) {
        this.errorAt(arg.name, `String argument '${arg.name.text}' needs a size: 'String ${arg.name.text}[N]' holds up to N-1 bytes`);
        return undefined;
      }
      if (size.length !== undefined) {
        this.error(size.position, 1, `a String takes one size, 'String ${arg.name.text}[N]', not a dynamic array's '[${size.length.text}, N]'`);
        return undefined;
      }
      const maxSize = this.count(size.max, `the size of String '${arg.name.text}'`);
      return maxSize === undefined ? undefined : { kind: 'string', ...common, maxSize };
    }
    if (size === undefined) {
      const type = this.type(arg.type, 'argument');
      return type && { kind: 'plain', ...common, type };
    }
    if (size.length === undefined) {
      if (this.type(arg.type, 'argument') === undefined) return undefined;
      this.error(size.position, 1, `only a String argument takes a fixed size '[N]': make '${arg.name.text}' a dynamic array '${arg.name.text}[len, ${size.max.text}]' or give it an array type ('typedef ${arg.type.text} NAME[${size.max.text}];')`);
      return undefined;
    }
    const element = this.type(arg.type, 'dynamic array element');
    const maxLength = this.count(size.max, `the maximum length of array '${arg.name.text}'`);
    if (element === undefined || maxLength === undefined) return undefined;
    const resolved = resolve(element);
    if (resolved.kind !== 'builtin' || !BYTE_SIZED.has(resolved.name)) {
      const shown = element === resolved ? `'${arg.type.text}'` : `'${arg.type.text}' (${resolved.kind === 'builtin' ? resolved.name : `${resolved.kind} '${resolved.name}'`})`;
      this.errorAt(arg.type, `dynamic array '${arg.name.text}' has elements of type ${shown}; its elements must be byte-sized: char, int8, uint8 or an alias of one`);
      return undefined;
    }
    return { kind: 'dynamic-array', ...common, element, lengthName: size.length.text, lengthPosition: size.length.position, maxLength };
  }

  private backendParams(node: MessageNode, args: readonly Argument[]): BackendParams[] {
    const backends = new Map<string, Name>();
    const argNames = args.flatMap((a) => (a.kind === 'dynamic-array' ? [a.name, a.lengthName] : [a.name]));
    return node.backendParams.map((block: BackendParamsNode): BackendParams => {
      const first = backends.get(block.backend.text);
      if (first !== undefined) {
        this.errorAt(block.backend, `duplicate backend parameters '@${block.backend.text}' for ${node.kind} '${node.name.text}': first given at line ${first.position.line}`);
      }
      backends.set(block.backend.text, block.backend);
      const keys = new Map<string, Name>();
      const params = block.params.flatMap((param): BackendParam[] => {
        const firstKey = keys.get(param.key.text);
        if (firstKey !== undefined) {
          this.errorAt(param.key, `duplicate parameter '${param.key.text}' in '@${block.backend.text}': first given at line ${firstKey.position.line}`);
        }
        keys.set(param.key.text, param.key);
        const value = param.value;
        if ('value' in value) {
          return Number.isNaN(value.value) ? [] : [{ name: param.key.text, value: value.value, position: param.key.position }];
        }
        // Flounder reads a name here as a reference to one of the message's arguments.
        if (!argNames.includes(value.text)) {
          this.errorAt(value, `'@${block.backend.text}' parameter '${param.key.text}' names '${value.text}', which is not an argument of ${node.kind} '${node.name.text}'${didYouMean(value.text, argNames)}`);
        }
        return [{ name: param.key.text, value: value.text, position: param.key.position }];
      });
      return { backend: block.backend.text, params, position: block.position };
    });
  }
}

/**
 * Checks a parsed interface against its parsed includes and builds its model. Reports every
 * error it finds; the model is given only when there is none.
 */
export function check(ast: InterfaceNode, options: CheckOptions = {}): CheckResult {
  return new Checker(options.includes ?? []).run(ast, options.requireFileName ?? true);
}
