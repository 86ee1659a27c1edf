/**
 * The channel API part of a generated module (thesis 3.2.3): the channel pair type and
 * `listen`, `connect` and `createEndpoint`.
 * @module
 */
import { StructureKind } from './ts-morph.js';
import type { ModulePart } from './context.js';
import { code } from './docs.js';
import { apiNames, apiTypeArguments, frontEndFunction } from './front-end.js';

/** The part declaring the channel API. */
export const channelApiPart: ModulePart = {
  title: 'Channel API',
  statements: (context) => {
    const names = apiNames(context);
    const name = code(context.model.name);
    const disp = { name: 'disp', type: context.runtimeType('Dispatcher') };
    const options = (type: string) => ({ name: 'options', type: context.runtimeType(type), hasQuestionToken: true });
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
        type: `${context.runtimeType('ChannelPair')}<${apiTypeArguments(context)}>`,
      },
      frontEndFunction(
        context,
        names.listen,
        [
          `Exports ${name}, registers it with the nameservice as ${code('service')} (unless it is left out),`,
          'and resolves with the channel of accepted connections.',
        ].join('\n'),
        [disp, { name: 'service', type: 'string', hasQuestionToken: true }, options('ListenOptions')],
        `Promise<${context.runtimeType('Listener')}<${names.channel}>>`,
        'listenChannels',
      ),
      frontEndFunction(
        context,
        names.connect,
        [
          `Connects to a service of ${name}: by name (waiting until the nameservice knows it), by iref, or by an`,
          'endpoint cap; resolves with the channel pair.',
        ].join('\n'),
        [disp, { name: 'target', type: context.runtimeType('Target') }, options('ChannelOptions')],
        `Promise<${names.channel}>`,
        'connectChannel',
      ),
      frontEndFunction(
        context,
        names.createEndpoint,
        [
          `Makes an endpoint of ${name} that another dispatcher connects to with ${code('cap')} (send the cap over a`,
          `channel): ${code("'lmp'")} for one on this core, ${code("'ump'")} for any. The pair can be used at once.`,
        ].join('\n'),
        [disp, { name: 'kind', type: `'lmp' | 'ump'` }, options('ChannelOptions')],
        `{ readonly cap: ${context.runtimeType('CapRef')}; readonly channel: ${names.channel} }`,
        'createChannelEndpoint',
      ),
    ];
  },
};
