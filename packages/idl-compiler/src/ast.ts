/**
 * The abstract syntax tree: a Flounder file as written, with a position on every node and
 * the comments attached to what they document. Names are not resolved yet; `check` turns an
 * AST into the model (model.ts).
 * @module
 */
import type { SourcePosition } from './model.js';

/** A name as written, where it was written. */
export interface Name {
  readonly text: string;
  readonly position: SourcePosition;
}

/** A number as written (`16`, `0x10`, `0o20`); `value` is NaN when it was malformed. */
export interface NumberNode {
  readonly text: string;
  readonly value: number;
  readonly position: SourcePosition;
}

/** A type name as written: a builtin (`uint8`, legacy `int`, `String`) or a declared type. */
export type TypeName = Name;

interface Documented {
  /** The comment before the node (no blank line between) or at the end of its last line. */
  readonly doc?: string;
}

/** `interface NAME ["description"] { declarations };` */
export interface InterfaceNode extends Documented {
  readonly kind: 'interface';
  readonly file: string;
  readonly name: Name;
  readonly description?: { readonly value: string; readonly position: SourcePosition };
  /** In source order; the checker requires the types to come first. */
  readonly declarations: readonly DeclarationNode[];
  /** Present when the file had syntax errors: what the parser could not read. */
  readonly recovery?: Recovery;
}

/** A `-i` file: declarations only. */
export interface IncludeNode {
  readonly kind: 'include';
  readonly file: string;
  readonly declarations: readonly DeclarationNode[];
  readonly recovery?: Recovery;
}

/**
 * Left by error recovery, so that the checker does not repeat a syntax error in other words:
 * the names of the type declarations too broken to keep (where the parser got that far) still
 * count as declared, and a missing message may just be unreadable.
 */
export interface Recovery {
  readonly brokenTypeNames: ReadonlySet<string>;
}

export type DeclarationNode = TypeDeclarationNode | MessageNode;

export type TypeDeclarationNode = AliasNode | TypedefNode | StructNode | EnumNode | ArrayNode;

/** `alias NAME target;` */
export interface AliasNode extends Documented {
  readonly kind: 'alias';
  readonly name: Name;
  readonly target: TypeName;
  readonly position: SourcePosition;
}

/** `typedef target NAME;` */
export interface TypedefNode extends Documented {
  readonly kind: 'typedef';
  readonly name: Name;
  readonly target: TypeName;
  readonly position: SourcePosition;
}

/** `typedef element NAME[length];` */
export interface ArrayNode extends Documented {
  readonly kind: 'array';
  readonly name: Name;
  readonly element: TypeName;
  readonly length: NumberNode;
  readonly position: SourcePosition;
}

/** `typedef struct { fields } NAME;` */
export interface StructNode extends Documented {
  readonly kind: 'struct';
  readonly name: Name;
  readonly fields: readonly FieldNode[];
  readonly position: SourcePosition;
}

/** `type name;` in a struct. */
export interface FieldNode extends Documented {
  readonly type: TypeName;
  readonly name: Name;
}

/** `typedef enum { items } NAME;` */
export interface EnumNode extends Documented {
  readonly kind: 'enum';
  readonly name: Name;
  readonly items: readonly EnumItemNode[];
  readonly position: SourcePosition;
}

export interface EnumItemNode extends Documented {
  readonly name: Name;
}

/** `@backend(params) ... message NAME(arguments);` or the same with `rpc`. */
export interface MessageNode extends Documented {
  readonly kind: 'message' | 'rpc';
  readonly name: Name;
  readonly arguments: readonly ArgumentNode[];
  readonly backendParams: readonly BackendParamsNode[];
  /** Of the `message` or `rpc` keyword. */
  readonly position: SourcePosition;
}

/** `[in|out] type name [[length,] max]`. */
export interface ArgumentNode extends Documented {
  readonly direction?: { readonly value: 'in' | 'out'; readonly position: SourcePosition };
  readonly type: TypeName;
  readonly name: Name;
  /** `[N]` or `[len, N]` after the name. */
  readonly size?: { readonly length?: Name; readonly max: NumberNode; readonly position: SourcePosition };
}

/** `@backend(key=value, ...)`. */
export interface BackendParamsNode {
  readonly backend: Name;
  readonly params: readonly BackendParamNode[];
  readonly position: SourcePosition;
}

export interface BackendParamNode {
  readonly key: Name;
  readonly value: NumberNode | Name;
}
