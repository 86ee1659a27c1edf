/**
 * The handler API part of a generated module (thesis Figure 4.22, Flounder's vtables): the
 * binding and receive handlers types, `serve` and `bind`.
 * @module
 */
import { StructureKind } from './ts-morph.js';
import type { ModulePart } from './context.js';
import { code } from './docs.js';
import { apiNames, apiTypeArguments, frontEndFunction } from './front-end.js';

/** The part declaring the handler API. */
export const handlerApiPart: ModulePart = {
  title: 'Handler API',
  statements: (context) => {
    const names = apiNames(context);
    const name = code(context.model.name);
    const disp = { name: 'disp', type: context.runtimeType('Dispatcher') };
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
        type: `${context.runtimeType('HandlerBinding')}<${apiTypeArguments(context)}>`,
      },
      {
        kind: StructureKind.TypeAlias,
        name: names.handlers,
        isExported: true,
        docs: [`Receive handlers of ${name}: a function per message, by its IDL name.`],
        type: `${context.runtimeType('Handlers')}<${context.names.union}, ${names.binding}>`,
      },
      frontEndFunction(
        context,
        names.serve,
        [
          `Exports ${name} and registers it with the nameservice as ${code('service')} (unless it is undefined);`,
          `resolves with the iref. For every client that binds, ${code('onConnect')} gets the binding and returns`,
          'its receive handlers; throwing refuses the client.',
        ].join('\n'),
        [disp, { name: 'service', type: 'string | undefined' }, { name: 'onConnect', type: `(binding: ${names.binding}) => ${names.handlers} | void` }],
        `Promise<${context.runtimeType('Iref')}>`,
        'serveHandlers',
      ),
      frontEndFunction(
        context,
        names.bind,
        [
          `Binds to a service of ${name}: by name (waiting until the nameservice knows it), by iref, or by an`,
          `endpoint cap; resolves with the binding, its receive handlers set to ${code('handlers')}.`,
        ].join('\n'),
        [
          disp,
          { name: 'target', type: context.runtimeType('Target') },
          { name: 'handlers', type: names.handlers, hasQuestionToken: true },
          { name: 'options', type: context.runtimeType('BindOptions'), hasQuestionToken: true },
        ],
        `Promise<${names.binding}>`,
        'bindHandlers',
      ),
    ];
  },
};
