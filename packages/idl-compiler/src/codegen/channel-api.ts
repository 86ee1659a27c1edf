/**
 * The channel API part of a generated module (thesis 3.2.3): the channel pair type and
 * `listen`, `connect` and `createEndpoint`, thin typed calls of the runtime's channel front end.
 * @module
 */
import { StructureKind } from 'ts-morph';
import { apiNames, apiTypeArguments } from './api-names.js';
import type { ModulePart } from './context.js';
import { code } from './docs.js';

/** The part declaring the channel API. */
export const channelApiPart: ModulePart = {
  title: 'Channel API',
  statements: (context) => {
    const names = apiNames(context);
    const name = code(context.model.name);
    const descriptor = context.names.descriptor;
    const typeArguments = apiTypeArguments(context);
    const Dispatcher = context.runtimeType('Dispatcher');
    const CapRef = context.runtimeType('CapRef');
    const ChannelOptions = context.runtimeType('ChannelOptions');
    return [
      {
        kind: StructureKind.TypeAlias,
        name: names.channel,
        isExported: true,
        docs: [
          [
            `A connection of ${name} as a pair of channels: ${code('send')} messages, ${code('recv')} them (a`,
            `${code('switch (m.type)')} over the message union is exhaustive), ${code('close')} it.`,
          ].join('\n'),
        ],
        type: `${context.runtimeType('ChannelPair')}<${typeArguments}>`,
      },
      {
        kind: StructureKind.Function,
        name: names.listen,
        isExported: true,
        docs: [
          [
            `Exports ${name}, registers it with the nameservice as ${code('service')} (unless it is left out),`,
            'and resolves with the channel of accepted connections.',
          ].join('\n'),
        ],
        parameters: [
          { name: 'disp', type: Dispatcher },
          { name: 'service', type: 'string', hasQuestionToken: true },
          { name: 'options', type: context.runtimeType('ListenOptions'), hasQuestionToken: true },
        ],
        returnType: `Promise<${context.runtimeType('Listener')}<${names.channel}>>`,
        statements: [`return ${context.runtimeValue('listenChannels')}<${typeArguments}>(${descriptor}, disp, service, options);`],
      },
      {
        kind: StructureKind.Function,
        name: names.connect,
        isExported: true,
        docs: [
          [
            `Connects to a service of ${name}: by name (waiting until the nameservice knows it), by iref, or by an`,
            'endpoint cap; resolves with the channel pair.',
          ].join('\n'),
        ],
        parameters: [
          { name: 'disp', type: Dispatcher },
          { name: 'target', type: context.runtimeType('Target') },
          { name: 'options', type: ChannelOptions, hasQuestionToken: true },
        ],
        returnType: `Promise<${names.channel}>`,
        statements: [`return ${context.runtimeValue('connectChannel')}<${typeArguments}>(${descriptor}, disp, target, options);`],
      },
      {
        kind: StructureKind.Function,
        name: names.createEndpoint,
        isExported: true,
        docs: [
          [
            `Makes an endpoint of ${name} that another dispatcher connects to with ${code('cap')} (send the cap over a`,
            `channel): ${code("'lmp'")} for one on this core, ${code("'ump'")} for any. The pair can be used at once.`,
          ].join('\n'),
        ],
        parameters: [
          { name: 'disp', type: Dispatcher },
          { name: 'kind', type: `'lmp' | 'ump'` },
          { name: 'options', type: ChannelOptions, hasQuestionToken: true },
        ],
        returnType: `{ readonly cap: ${CapRef}; readonly channel: ${names.channel} }`,
        statements: [
          `return ${context.runtimeValue('createChannelEndpoint')}<${typeArguments}>(${descriptor}, disp, kind, options);`,
        ],
      },
    ];
  },
};
