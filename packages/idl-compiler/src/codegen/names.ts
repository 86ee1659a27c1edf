/**
 * The TypeScript names of an interface's declarations, decided once so that every part of a
 * generated module uses the same ones:
 * - types and messages in PascalCase (`port_type` -> `PortType`, `rsrc_join_request` ->
 *   `RsrcJoinRequest`, rpc halves `TestrpcCall`, `TestrpcResponse`);
 * - the union of all messages `<Interface>Message`, the descriptor `<interface>Interface`;
 * - message arguments and struct fields in camelCase (`client_id` -> `clientId`).
 * Collisions are settled in a fixed order, so the same interface always gets the same names:
 * a message argument named `type` (the discriminant) becomes `type_`, and a property that
 * would repeat another gets a trailing `_`; a top-level name that is taken (by an earlier
 * declaration, an import from the runtime or a global the generated code may use) gets the
 * suffix `Type` (types) or `Message` (messages), then a number.
 * @module
 */
import type { Argument, Interface, Message, StructField, StructType, TypeDeclaration } from '../model.js';

/** `client_id` -> `clientId`: underscores dropped, the letter after each one capitalised. */
export function camelCase(name: string): string {
  return name.replace(/_+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/_+$/, '');
}

/** `port_type` -> `PortType`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/**
 * Names a generated module must not declare: what it imports from the runtime, and globals
 * its code (or code written against it) refers to.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  // from @flounder-ts/runtime
  'CapRef',
  'Errval',
  'Iref',
  'defineInterface',
  'InterfaceDescriptor',
  'FlounderError',
  // from @flounder-ts/runtime, for the channel API, the handler API and RPC
  'BindOptions',
  'ChannelOptions',
  'ChannelPair',
  'Dispatcher',
  'HandlerBinding',
  'Handlers',
  'ListenOptions',
  'Listener',
  'RpcServer',
  'Target',
  'bindHandlers',
  'connectChannel',
  'createChannelEndpoint',
  'listenChannels',
  'serveHandlers',
  'serveRpcs',
  // globals
  'Array',
  'ArrayBuffer',
  'AsyncIterable',
  'AsyncIterator',
  'Awaited',
  'BigInt',
  'Boolean',
  'DataView',
  'Date',
  'Error',
  'Exclude',
  'Extract',
  'Function',
  'Infinity',
  'Iterable',
  'Iterator',
  'JSON',
  'Map',
  'Math',
  'NaN',
  'NonNullable',
  'Number',
  'Object',
  'Omit',
  'Parameters',
  'Partial',
  'Pick',
  'Promise',
  'PromiseLike',
  'Readonly',
  'ReadonlyArray',
  'Record',
  'Required',
  'ReturnType',
  'Set',
  'String',
  'Symbol',
  'TypeError',
  'Uint8Array',
  'Uint32Array',
  'WeakMap',
  'WeakSet',
]);

/** The property that discriminates the message union. */
export const DISCRIMINANT = 'type';

/** Allocates names in one scope: a wanted name, or the first free variant of it. */
class Scope {
  private readonly taken: Set<string>;
  constructor(reserved: Iterable<string> = []) {
    this.taken = new Set(reserved);
  }
  claim(wanted: string, variant: (n: number) => string): string {
    let name = wanted;
    for (let n = 1; this.taken.has(name); n++) name = variant(n);
    this.taken.add(name);
    return name;
  }
}

/** The names of one interface's generated module. */
export class Names {
  /** The union of all messages: `PingPongMessage`. */
  readonly union: string;
  /** The interface descriptor: `pingPongInterface`. */
  readonly descriptor: string;
  private readonly topLevel: Scope;
  private readonly types = new Map<TypeDeclaration, string>();
  private readonly messages = new Map<Message, string>();
  private readonly arguments = new Map<Message, Map<Argument, string>>();
  private readonly fields = new Map<StructType, Map<StructField, string>>();

  constructor(model: Interface) {
    this.topLevel = new Scope(RESERVED_NAMES);
    this.union = this.claim(`${pascalCase(model.name)}Message`);
    this.descriptor = this.claim(`${camelCase(model.name)}Interface`);
    for (const type of model.types) {
      const wanted = pascalCase(type.name);
      this.types.set(
        type,
        this.topLevel.claim(wanted, (n) => (n === 1 ? `${wanted}Type` : `${wanted}Type${n}`)),
      );
    }
    for (const message of model.messages) {
      const wanted = pascalCase(message.name);
      this.messages.set(
        message,
        this.topLevel.claim(wanted, (n) => (n === 1 ? `${wanted}Message` : `${wanted}Message${n}`)),
      );
      const scope = new Scope([DISCRIMINANT]);
      this.arguments.set(
        message,
        new Map(
          message.arguments.map((a) => [
            a,
            scope.claim(camelCase(a.name), (n) => `${camelCase(a.name)}${'_'.repeat(n)}`),
          ]),
        ),
      );
    }
    for (const type of model.types) {
      if (type.kind !== 'struct') continue;
      const scope = new Scope();
      this.fields.set(
        type,
        new Map(
          type.fields.map((f) => [f, scope.claim(camelCase(f.name), (n) => `${camelCase(f.name)}${'_'.repeat(n)}`)]),
        ),
      );
    }
  }

  /**
   * Claims a further top-level name for a part of the module (for example a connect
   * function): `wanted`, or `wanted2`, `wanted3`, ... if it is taken.
   */
  claim(wanted: string): string {
    return this.topLevel.claim(wanted, (n) => `${wanted}${n + 1}`);
  }

  /** The TypeScript name of a declared type. */
  type(type: TypeDeclaration): string {
    return this.types.get(type) ?? fail(`type ${type.name}`);
  }

  /** The name of a message's type: `Ping`. */
  message(message: Message): string {
    return this.messages.get(message) ?? fail(`message ${message.name}`);
  }

  /** The property of an argument in its message's type: `clientId`. */
  argument(message: Message, argument: Argument): string {
    return this.arguments.get(message)?.get(argument) ?? fail(`argument ${message.name}.${argument.name}`);
  }

  /** The property of a struct field: `msixIntvec`. */
  field(struct: StructType, field: StructField): string {
    return this.fields.get(struct)?.get(field) ?? fail(`field ${struct.name}.${field.name}`);
  }
}

function fail(what: string): never {
  throw new Error(`no name for ${what}: not part of the interface being generated`);
}
