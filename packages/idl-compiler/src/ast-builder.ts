/**
 * The CST visitor that builds the AST: one method per grammar rule.
 *
 * After a syntax error the parser recovers and the CST may lack tokens. A node missing a
 * token it needs is dropped (the syntax error already says why) and, if it was a type
 * declaration whose name was read, the name is remembered in `Recovery` so that its uses are
 * not reported again as unknown types.
 * @module
 */
import type { CstNode, IToken } from 'chevrotain';
import { tokenMatcher } from './chevrotain.js';
import type {
  ArgumentNode,
  BackendParamNode,
  BackendParamsNode,
  DeclarationNode,
  EnumItemNode,
  FieldNode,
  IncludeNode,
  InterfaceNode,
  MessageNode,
  Name,
  NumberNode,
  TypeDeclarationNode,
} from './ast.js';
import { DocComments } from './doc-comments.js';
import { Identifier, numberValue, Rpc } from './lexer.js';
import type { SourcePosition } from './model.js';
import { parser } from './parser.js';

type Children = Record<string, (IToken | CstNode)[] | undefined>;

/** Thrown when a recovered CST node lacks a token its AST node needs. */
class Incomplete extends Error {}

/** What the builder needs about the file it is building from. */
export interface BuildContext {
  readonly file: string;
  readonly docs: DocComments;
  /** Filled with the names of the type declarations that had to be dropped. */
  readonly brokenTypeNames: Set<string>;
}

function isPresent(token: IToken | CstNode | undefined): token is IToken {
  return token !== undefined && 'image' in token && token.isInsertedInRecovery !== true;
}

/** The one token under `key`, or `Incomplete` if recovery left it out. */
function token(children: Children, key: string): IToken {
  const found = children[key]?.[0];
  if (!isPresent(found)) throw new Incomplete();
  return found;
}

function optionalToken(children: Children, key: string): IToken | undefined {
  const found = children[key]?.[0];
  return isPresent(found) ? found : undefined;
}

function nodes(children: Children, key: string): CstNode[] {
  return (children[key] ?? []) as CstNode[];
}

const BaseVisitor = parser.getBaseCstVisitorConstructor<BuildContext, unknown>();

class AstBuilder extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  private position(context: BuildContext, token: IToken): SourcePosition {
    return { file: context.file, line: token.startLine!, column: token.startColumn! };
  }

  private name(context: BuildContext, token: IToken): Name {
    return { text: token.image, position: this.position(context, token) };
  }

  private number(context: BuildContext, token: IToken): NumberNode {
    return { text: token.image, value: numberValue(token), position: this.position(context, token) };
  }

  private doc(context: BuildContext, first: IToken, last: IToken | undefined): { doc?: string } {
    const doc = context.docs.docFor(first, last);
    return doc === undefined ? {} : { doc };
  }

  /** Builds each node with `build`, dropping the ones recovery left incomplete. */
  private each<T>(list: CstNode[], build: (node: CstNode) => T): T[] {
    const built: T[] = [];
    for (const node of list) {
      try {
        built.push(build(node));
      } catch (error) {
        if (!(error instanceof Incomplete)) throw error;
      }
    }
    return built;
  }

  interfaceFile(children: Children, context: BuildContext): InterfaceNode {
    const keyword = token(children, 'Interface');
    const description = optionalToken(children, 'description');
    return {
      kind: 'interface',
      file: context.file,
      name: this.name(context, token(children, 'name')),
      ...(description && { description: { value: unquote(description.image), position: this.position(context, description) } }),
      declarations: this.declarations(nodes(children, 'declaration'), context),
      ...this.doc(context, keyword, undefined),
    };
  }

  includeFile(children: Children, context: BuildContext): IncludeNode {
    return {
      kind: 'include',
      file: context.file,
      declarations: this.declarations(nodes(children, 'declaration'), context),
    };
  }

  private declarations(list: CstNode[], context: BuildContext): DeclarationNode[] {
    return this.each(list, (node) => this.visit(node, context) as DeclarationNode);
  }

  declaration(children: Children, context: BuildContext): DeclarationNode {
    const [node] = [...nodes(children, 'aliasDeclaration'), ...nodes(children, 'typedefDeclaration'), ...nodes(children, 'messageDeclaration')];
    if (node === undefined) throw new Incomplete();
    try {
      return this.visit(node, context) as DeclarationNode;
    } catch (error) {
      const name = optionalToken(node.children, 'name');
      if (error instanceof Incomplete && name !== undefined && node.name !== 'messageDeclaration') {
        context.brokenTypeNames.add(name.image);
      }
      throw error;
    }
  }

  aliasDeclaration(children: Children, context: BuildContext): TypeDeclarationNode {
    const keyword = token(children, 'Alias');
    return {
      kind: 'alias',
      name: this.name(context, token(children, 'name')),
      target: this.name(context, token(children, 'target')),
      position: this.position(context, keyword),
      ...this.doc(context, keyword, optionalToken(children, 'Semicolon') ?? optionalToken(children, 'target')),
    };
  }

  typedefDeclaration(children: Children, context: BuildContext): TypeDeclarationNode {
    const keyword = token(children, 'Typedef');
    const name = this.name(context, token(children, 'name'));
    const position = this.position(context, keyword);
    const doc = this.doc(context, keyword, optionalToken(children, 'Semicolon') ?? token(children, 'name'));
    const [struct] = nodes(children, 'structDefinition');
    if (struct !== undefined) {
      return { kind: 'struct', name, fields: this.visit(struct, context) as FieldNode[], position, ...doc };
    }
    const [enumeration] = nodes(children, 'enumDefinition');
    if (enumeration !== undefined) {
      return { kind: 'enum', name, items: this.visit(enumeration, context) as EnumItemNode[], position, ...doc };
    }
    const target = this.name(context, token(children, 'target'));
    if (children['LSquare'] !== undefined) {
      return { kind: 'array', name, element: target, length: this.number(context, token(children, 'length')), position, ...doc };
    }
    return { kind: 'typedef', name, target, position, ...doc };
  }

  structDefinition(children: Children, context: BuildContext): FieldNode[] {
    token(children, 'RCurly');
    return this.each(nodes(children, 'structField'), (node) => this.visit(node, context) as FieldNode);
  }

  structField(children: Children, context: BuildContext): FieldNode {
    const type = token(children, 'type');
    return {
      type: this.name(context, type),
      name: this.name(context, token(children, 'name')),
      ...this.doc(context, type, optionalToken(children, 'Semicolon') ?? token(children, 'name')),
    };
  }

  enumDefinition(children: Children, context: BuildContext): EnumItemNode[] {
    token(children, 'RCurly');
    return (children['item'] ?? []).filter(isPresent).map((item) => ({
      name: this.name(context, item),
      ...this.doc(context, item, item),
    }));
  }

  messageDeclaration(children: Children, context: BuildContext): MessageNode {
    const keyword = optionalToken(children, 'Message') ?? token(children, 'Rpc');
    const backendParams = this.each(nodes(children, 'backendParams'), (node) => this.visit(node, context) as BackendParamsNode);
    const first = backendParams.length > 0 ? token(nodes(children, 'backendParams')[0]!.children, 'At') : keyword;
    return {
      kind: keyword.tokenType === Rpc ? 'rpc' : 'message',
      name: this.name(context, token(children, 'name')),
      arguments: this.each(nodes(children, 'argument'), (node) => this.visit(node, context) as ArgumentNode),
      backendParams,
      position: this.position(context, keyword),
      ...this.doc(context, first, optionalToken(children, 'Semicolon') ?? optionalToken(children, 'RParen')),
    };
  }

  argument(children: Children, context: BuildContext): ArgumentNode {
    const direction = optionalToken(children, 'direction');
    const type = token(children, 'type');
    const name = token(children, 'name');
    const open = optionalToken(children, 'LSquare');
    const length = optionalToken(children, 'length');
    const size =
      open === undefined
        ? undefined
        : {
            ...(length && { length: this.name(context, length) }),
            max: this.number(context, token(children, 'max')),
            position: this.position(context, open),
          };
    return {
      ...(direction && {
        direction: { value: direction.image.toLowerCase() === 'in' ? 'in' : 'out', position: this.position(context, direction) },
      }),
      type: this.name(context, type),
      name: this.name(context, name),
      ...(size && { size }),
      ...this.doc(context, direction ?? type, optionalToken(children, 'RSquare') ?? (open ? undefined : name)),
    };
  }

  backendParams(children: Children, context: BuildContext): BackendParamsNode {
    token(children, 'RParen');
    return {
      backend: this.name(context, token(children, 'backend')),
      params: this.each(nodes(children, 'backendParam'), (node) => this.visit(node, context) as BackendParamNode),
      position: this.position(context, token(children, 'At')),
    };
  }

  backendParam(children: Children, context: BuildContext): BackendParamNode {
    const value = token(children, 'value');
    return {
      key: this.name(context, token(children, 'key')),
      value: tokenMatcher(value, Identifier) ? this.name(context, value) : this.number(context, value),
    };
  }
}

/** The value of a string literal: Haskell's common escapes decoded, any other `\c` read as `c`. */
function unquote(literal: string): string {
  const body = literal.startsWith('"') ? literal.slice(1, literal.endsWith('"') && literal.length > 1 ? -1 : undefined) : literal;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return body.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c);
}

const builder = new AstBuilder();

/**
 * Builds the AST of a parsed file from its CST. `partial` says the file had syntax errors:
 * the AST then carries a `Recovery` for the checker. Undefined when not even the interface
 * header could be read.
 */
export function buildAst(
  cst: CstNode,
  context: { file: string; docs: DocComments; partial: boolean },
): InterfaceNode | IncludeNode | undefined {
  const brokenTypeNames = new Set<string>();
  try {
    const ast = builder.visit(cst, { file: context.file, docs: context.docs, brokenTypeNames }) as InterfaceNode | IncludeNode;
    return context.partial ? { ...ast, recovery: { brokenTypeNames } } : ast;
  } catch (error) {
    if (error instanceof Incomplete) return undefined;
    throw error;
  }
}
