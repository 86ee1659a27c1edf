/**
 * The RPC part of a generated module, for interfaces with `rpc` declarations: the map of the
 * rpcs to their call and response messages (from which the runtime types the client methods,
 * `binding.rpc.get(...)` resolving with the response, and the server), the server type, and
 * `serveRpc`, which exports a service whose calls a server object answers.
 * @module
 */
import { StructureKind, type StatementStructures } from './ts-morph.js';
import type { GenContext, ModulePart } from './context.js';
import { code, docComment, jsDoc } from './docs.js';
import { apiNames, frontEndFunction } from './front-end.js';
import { messageDeclaration } from './messages.js';

/** A property name as written in a type: quoted unless it is an identifier. */
function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name.replace(/[\\']/g, '\\$&')}'`;
}

function rpcStatements(context: GenContext): (StatementStructures | string)[] {
  const names = apiNames(context);
  const model = context.model;
  const RpcServer = context.runtimeType('RpcServer');
  const members = model.rpcs.map((rpc) => {
    const doc = docComment(jsDoc(rpc.doc, code(messageDeclaration(model, rpc.call))));
    const call = context.names.message(rpc.call);
    const response = context.names.message(rpc.response);
    return `${doc}\nreadonly ${propertyKey(rpc.name)}: { readonly call: ${call}; readonly response: ${response} };`;
  });
  return [
    {
      kind: StructureKind.TypeAlias,
      name: names.rpcs,
      isExported: true,
      docs: [`The rpcs of ${code(model.name)}, by name, each with its call and its response message.`],
      type: `{\n${members.join('\n')}\n}`,
    },
    {
      kind: StructureKind.TypeAlias,
      name: names.server,
      isExported: true,
      docs: [
        [
          `An RPC server of ${code(model.name)}: a method per rpc, taking the call and the binding it came on`,
          'and returning the response\'s values (or a promise of them); throwing answers the call with the error.',
        ].join('\n'),
      ],
      type: `${RpcServer}<${names.rpcs}, ${names.binding}>`,
    },
    frontEndFunction(
      context,
      names.serveRpc,
      [
        `Exports ${code(model.name)}, registers it with the nameservice as ${code('service')} (unless it is`,
        `undefined), and answers every client's calls with ${code('server')}: one object for all, or a function`,
        'making one for each binding. Resolves with the iref.',
      ].join('\n'),
      [
        { name: 'disp', type: context.runtimeType('Dispatcher') },
        { name: 'service', type: 'string | undefined' },
        { name: 'server', type: `${names.server} | ((binding: ${names.binding}) => ${names.server})` },
      ],
      `Promise<${context.runtimeType('Iref')}>`,
      'serveRpcs',
    ),
  ];
}

/** The part declaring the rpcs' types and `serveRpc`; empty for an interface without rpcs. */
export const rpcPart: ModulePart = {
  title: 'RPC',
  statements: (context) => (context.model.rpcs.length === 0 ? [] : rpcStatements(context)),
};
