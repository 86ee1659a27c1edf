/**
 * The checked model of a Flounder interface: what `check` produces and every back end
 * (wire layout, TypeScript generation, `--emit ast`) consumes.
 *
 * Everything a back end needs is here, resolved: no back end looks at the AST, re-resolves a
 * type name or renumbers a message. The model is plain immutable data; type references are the
 * declaration objects themselves, so `arg.type.kind === 'struct'` gives the fields directly.
 *
 * Invariants the checker guarantees (back ends may rely on them):
 * - every name is an identifier of ASCII letters, digits and `_`, starting with a letter;
 * - type names are unique in `types` and never a builtin's name (a builtin wins over a
 *   declaration of the same name, as in Flounder, and such a declaration is left out);
 * - a type only refers to types declared before it, so the type graph has no cycles;
 * - `String` and caps never occur inside a struct, a fixed array, a typedef chain or a
 *   dynamic array; a `String` is always a `StringArgument`;
 * - the element of a dynamic array resolves to `char`, `int8` or `uint8`;
 * - message names are unique (including the `r_call`/`r_response` halves of every rpc),
 *   argument names are unique within a message or rpc (including dynamic-array length names),
 *   enum item names are unique across the interface and its includes.
 * @module
 */

/** Where a node was written: a file as it was named to the compiler, 1-based line and column. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  /** 1-based, counted in UTF-16 code units like the TypeScript compiler. */
  readonly column: number;
}

/** The builtin scalar types; `String` is not one of them, it only exists as a `StringArgument`. */
export const BUILTIN_TYPE_NAMES = [
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uintptr',
  'int8',
  'int16',
  'int32',
  'int64',
  'intptr',
  'size',
  'char',
  'bool',
  'iref',
  'cap',
  'give_away_cap',
  'errval',
] as const;

export type BuiltinTypeName = (typeof BUILTIN_TYPE_NAMES)[number];

/** A builtin type. The legacy spelling `int` is read as `int32`. */
export interface BuiltinType {
  readonly kind: 'builtin';
  readonly name: BuiltinTypeName;
}

interface Declared {
  readonly name: string;
  readonly position: SourcePosition;
  /** The comment written before (or at the end of the line of) the declaration, markers removed. */
  readonly doc?: string;
  /** `include` when the declaration comes from a `-i` file (`position.file` names it). */
  readonly origin: 'interface' | 'include';
}

/**
 * `alias NAME builtin;`: a transparent alias of a builtin. The reference layout prints an
 * argument of this type as `NAME=builtin arg`.
 */
export interface AliasType extends Declared {
  readonly kind: 'alias';
  readonly target: BuiltinType;
  /** Same as `target`; present so that `resolved` works alike on both kinds of alias. */
  readonly resolved: BuiltinType;
}

/**
 * `typedef T NAME;`: a named alias (a new C typedef). The reference layout prints an argument
 * of this type as `NAME arg`.
 */
export interface TypedefType extends Declared {
  readonly kind: 'typedef';
  /** The type as written, which may itself be an alias or a typedef. */
  readonly target: Type;
  /** `target` followed through every alias and typedef. */
  readonly resolved: ResolvedType;
}

/** `typedef struct { T f; ... } NAME;` */
export interface StructType extends Declared {
  readonly kind: 'struct';
  /** In declaration order; at least one. */
  readonly fields: readonly StructField[];
}

export interface StructField {
  readonly name: string;
  readonly type: Type;
  readonly position: SourcePosition;
  readonly doc?: string;
}

/** `typedef enum { A, B } NAME;` */
export interface EnumType extends Declared {
  readonly kind: 'enum';
  /** In declaration order, numbered from 0; at least one. */
  readonly items: readonly EnumItem[];
}

export interface EnumItem {
  readonly name: string;
  readonly value: number;
  readonly position: SourcePosition;
  readonly doc?: string;
}

/** `typedef T NAME[N];` */
export interface ArrayType extends Declared {
  readonly kind: 'array';
  readonly element: Type;
  /** N, at least 1. */
  readonly length: number;
}

export type TypeDeclaration = AliasType | TypedefType | StructType | EnumType | ArrayType;

/** What an argument, a field or an element refers to. */
export type Type = BuiltinType | TypeDeclaration;

/** A type with every alias and typedef followed to its end. */
export type ResolvedType = BuiltinType | StructType | EnumType | ArrayType;

/** Follows aliases and typedefs: `resolve(coreid)` is `uint8`. */
export function resolve(type: Type): ResolvedType {
  return type.kind === 'alias' || type.kind === 'typedef' ? type.resolved : type;
}

interface ArgumentBase {
  readonly name: string;
  readonly position: SourcePosition;
  readonly doc?: string;
}

/** `T name`: a fixed-size value (scalar, enum, struct, fixed array) or a cap. */
export interface PlainArgument extends ArgumentBase {
  readonly kind: 'plain';
  readonly type: Type;
}

/** `String name[N]`: a string sent as an overflow fragment. */
export interface StringArgument extends ArgumentBase {
  readonly kind: 'string';
  /** N: the receive buffer in bytes, the terminating NUL included (so at most N-1 bytes of text). */
  readonly maxSize: number;
}

/** `T name[len, N]`: a dynamic array of byte-sized elements sent as an overflow fragment. */
export interface DynamicArrayArgument extends ArgumentBase {
  readonly kind: 'dynamic-array';
  /** Resolves to `char`, `int8` or `uint8`. */
  readonly element: Type;
  /** The name of the length (`len`): a `size` in Flounder's C API. */
  readonly lengthName: string;
  readonly lengthPosition: SourcePosition;
  /** N: the most elements the array may hold. */
  readonly maxLength: number;
}

export type Argument = PlainArgument | StringArgument | DynamicArrayArgument;

/** An argument of an rpc with its direction. */
export type RpcArgument = Argument & { readonly direction: 'in' | 'out' };

/** One value of a backend parameter: a number, or an identifier (an argument of the message). */
export interface BackendParam {
  readonly name: string;
  readonly value: number | string;
  readonly position: SourcePosition;
}

/** `@backend(key=value, ...)` written before a message or an rpc. */
export interface BackendParams {
  readonly backend: string;
  readonly params: readonly BackendParam[];
  readonly position: SourcePosition;
}

/** `message` for `message m(...)`; an `rpc r(...)` becomes an `rpc call` and an `rpc response`. */
export type MessageKind = 'message' | 'rpc call' | 'rpc response';

/** One message on the wire, numbered. */
export interface Message {
  /** 3, 4, ... in declaration order (0 to 2 are `RESERVED_MESSAGES`). */
  readonly number: number;
  /** The IDL name; `r_call` / `r_response` for the halves of rpc `r`. */
  readonly name: string;
  readonly kind: MessageKind;
  /** For an rpc half, the rpc's name. */
  readonly rpc?: string;
  /** In declaration order: for an rpc half, the rpc's `in` (call) or `out` (response) arguments. */
  readonly arguments: readonly Argument[];
  /** For an rpc half, the rpc's. */
  readonly backendParams: readonly BackendParams[];
  readonly doc?: string;
  /** For an rpc half, the rpc's. */
  readonly position: SourcePosition;
}

/** `rpc r(in ..., out ...)`: a call/response pair of messages with consecutive numbers. */
export interface Rpc {
  readonly name: string;
  /** All arguments in declaration order, with their directions. */
  readonly arguments: readonly RpcArgument[];
  /** The `in` arguments in declaration order (the arguments of `call`). */
  readonly inArguments: readonly Argument[];
  /** The `out` arguments in declaration order (the arguments of `response`). */
  readonly outArguments: readonly Argument[];
  /** The same objects as in `Interface.messages`. */
  readonly call: Message;
  readonly response: Message;
  readonly backendParams: readonly BackendParams[];
  readonly doc?: string;
  readonly position: SourcePosition;
}

/** A checked interface. */
export interface Interface {
  readonly name: string;
  /** The description string; the interface name when none is written (as in Flounder). */
  readonly description: string;
  /** The `.if` file, as it was named to the compiler. */
  readonly file: string;
  /** The `-i` include files, in the order they were given. */
  readonly includes: readonly string[];
  readonly doc?: string;
  readonly position: SourcePosition;
  /**
   * Every type visible to the interface, in declaration order: the includes' first (in
   * include order, `origin: 'include'`), then the interface's own. A declaration hidden by a
   * later one of the same name, or by a builtin, is left out.
   */
  readonly types: readonly TypeDeclaration[];
  /** Every message in number order, from 3, rpcs expanded in place into their two halves. */
  readonly messages: readonly Message[];
  /** The rpcs in declaration order. */
  readonly rpcs: readonly Rpc[];
}

/** The message numbers every interface has before its own, sent by the binding machinery. */
export const RESERVED_MESSAGES = [
  { name: '__dummy', number: 0 },
  { name: '__bind', number: 1 },
  { name: '__bind_reply', number: 2 },
] as const;

/** The number of the first declared message. */
export const FIRST_MESSAGE_NUMBER = 3;

/**
 * The largest message number: UMP carries it in 15 header bits and 0x7fff is
 * `FL_UMP_CAP_ACK`.
 */
export const MAX_MESSAGE_NUMBER = 0x7ffe;
