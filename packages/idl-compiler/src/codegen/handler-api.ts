/**
 * The handler API part of a generated module (thesis Figure 4.22, Flounder's vtables): the
 * binding and receive handlers types, `serve` and `bind`, thin typed calls of the runtime's
 * handler front end.
 * @module
 */
import { StructureKind } from 'ts-morph';
import { apiNames, apiTypeArguments } from './api-names.js';
import type { ModulePart } from './context.js';
import { code } from './docs.js';

/** The part declaring the handler API. */
export const handlerApiPart: ModulePart = {
  title: 'Handler API',
  statements: (context) => {
    const names = apiNames(context);
    const name = code(context.model.name);
    const descriptor = context.names.descriptor;
    const typeArguments = apiTypeArguments(context);
    const Dispatcher = context.runtimeType('Dispatcher');
    const Target = context.runtimeType('Target');
    return [
      {
        kind: StructureKind.TypeAlias,
        name: names.binding,
        isExported: true,
        docs: [
          [
            `A binding of ${name} used through handlers: send with ${code('tx')} (a method per message),`,
            `call rpcs with ${code('rpc')}, receive with ${code('handlers')}.`,
          ].join('\n'),
        ],
        type: `${context.runtimeType('HandlerBinding')}<${typeArguments}>`,
      },
      {
        kind: StructureKind.TypeAlias,
        name: names.handlers,
        isExported: true,
        docs: [`Receive handlers of ${name}: a function per message, by its IDL name.`],
        type: `${context.runtimeType('Handlers')}<${context.names.union}, ${names.binding}>`,
      },
      {
        kind: StructureKind.Function,
        name: names.serve,
        isExported: true,
        docs: [
          [
            `Exports ${name} and registers it with the nameservice as ${code('service')} (unless it is undefined);`,
            `resolves with the iref. For every client that binds, ${code('onConnect')} gets the binding and returns`,
            'its receive handlers; throwing refuses the client.',
          ].join('\n'),
        ],
        parameters: [
          { name: 'disp', type: Dispatcher },
          { name: 'service', type: 'string | undefined' },
          { name: 'onConnect', type: `(binding: ${names.binding}) => ${names.handlers} | void` },
        ],
        returnType: `Promise<${context.runtimeType('Iref')}>`,
        statements: [`return ${context.runtimeValue('serveHandlers')}<${typeArguments}>(${descriptor}, disp, service, onConnect);`],
      },
      {
        kind: StructureKind.Function,
        name: names.bind,
        isExported: true,
        docs: [
          [
            `Binds to a service of ${name}: by name (waiting until the nameservice knows it), by iref, or by an`,
            'endpoint cap; resolves with the binding, its receive handlers set to `handlers`.',
          ].join('\n'),
        ],
        parameters: [
          { name: 'disp', type: Dispatcher },
          { name: 'target', type: Target },
          { name: 'handlers', type: names.handlers, hasQuestionToken: true },
          { name: 'options', type: context.runtimeType('BindOptions'), hasQuestionToken: true },
        ],
        returnType: `Promise<${names.binding}>`,
        statements: [
          `return ${context.runtimeValue('bindHandlers')}<${typeArguments}>(${descriptor}, disp, target, handlers, options);`,
        ],
      },
    ];
  },
};
