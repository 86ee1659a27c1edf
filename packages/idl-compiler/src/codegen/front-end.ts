/**
 * What the generated front ends (the channel API, the handler API, RPC) share: their names,
 * claimed once per module in a fixed order so that every part uses the same ones and the
 * same interface always gets the same names (types `PingChannel`, `PingBinding`,
 * `PingHandlers`, `PingRpcs`, `PingServer`; functions `listen`, `connect`, `createEndpoint`,
 * `serve`, `bind`, `serveRpc`), and their functions, each a typed call of the runtime's
 * generic one with the interface's descriptor: the runtime does the work, the module stays
 * small.
 * @module
 */
import { StructureKind, type FunctionDeclarationStructure, type OptionalKind, type ParameterDeclarationStructure } from './ts-morph.js';
import type { GenContext } from './context.js';
import { docComment } from './docs.js';
import { fitsOnALine } from './literal.js';
import { pascalCase } from './names.js';
import { preformattedStatement } from './preformatted.js';

export interface ApiNames {
  /** The channel pair type. */
  readonly channel: string;
  /** The handler binding type. */
  readonly binding: string;
  /** The receive handlers type. */
  readonly handlers: string;
  /** The map of rpcs (declared only when the interface has rpcs). */
  readonly rpcs: string;
  /** The RPC server type (declared only when the interface has rpcs). */
  readonly server: string;
  readonly listen: string;
  readonly connect: string;
  readonly createEndpoint: string;
  readonly serve: string;
  readonly bind: string;
  readonly serveRpc: string;
}

const cache = new WeakMap<GenContext, ApiNames>();

/** The front ends' names in `context`'s module. */
export function apiNames(context: GenContext): ApiNames {
  let names = cache.get(context);
  if (names === undefined) {
    const prefix = pascalCase(context.model.name);
    const claim = (wanted: string): string => context.names.claim(wanted);
    names = {
      rpcs: claim(`${prefix}Rpcs`),
      server: claim(`${prefix}Server`),
      channel: claim(`${prefix}Channel`),
      binding: claim(`${prefix}Binding`),
      handlers: claim(`${prefix}Handlers`),
      listen: claim('listen'),
      connect: claim('connect'),
      createEndpoint: claim('createEndpoint'),
      serve: claim('serve'),
      bind: claim('bind'),
      serveRpc: claim('serveRpc'),
    };
    cache.set(context, names);
  }
  return names;
}

/** The type arguments of the runtime's generic front ends: the message union, and the rpcs if there are any. */
export function apiTypeArguments(context: GenContext): string {
  return context.model.rpcs.length > 0
    ? `${context.names.union}, ${apiNames(context).rpcs}`
    : context.names.union;
}

/**
 * An exported function `name(parameters): returnType` that returns the runtime's generic
 * `runtimeFunction` called with the interface's descriptor and the parameters, in order. It
 * is laid out here as prettier lays it out (`preformatted.ts`): the signature on one line if
 * it fits, else a parameter a line; a line too wide even so is left to prettier, with the
 * whole function.
 */
export function frontEndFunction(
  context: GenContext,
  name: string,
  doc: string,
  parameters: readonly OptionalKind<ParameterDeclarationStructure>[],
  returnType: string,
  runtimeFunction: string,
): FunctionDeclarationStructure | string {
  const args = [context.names.descriptor, ...parameters.map((p) => p.name)].join(', ');
  const body = `return ${context.runtimeValue(runtimeFunction)}<${apiTypeArguments(context)}>(${args});`;
  const params = parameters.map((p) => `${p.name}${p.hasQuestionToken ? '?' : ''}: ${String(p.type)}`);
  const open = `export function ${name}(`;
  const close = `): ${returnType} {`;
  const signature = [`${open}${params.join(', ')}${close}`];
  if (!fitsOnALine(signature[0]!)) signature.splice(0, 1, open, ...params.map((p) => `  ${p},`), close);
  const lines = [...signature, `  ${body}`];
  if (lines.every(fitsOnALine)) return preformattedStatement([docComment(doc), ...lines, '}'].join('\n'));
  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs: [doc],
    parameters: [...parameters],
    returnType,
    statements: [body],
  };
}
