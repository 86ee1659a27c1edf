/**
 * The ping-pong programs the evaluation compares (thesis 4.3): the four pairings of a server
 * and its clients in the channel API ("Go" in the thesis) or the handler API ("C"), and the
 * thesis' optimized variant (Figure 4.22). All but the last are the examples' programs.
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import { channelClient, handlerClient, type ClientArgs, type ClientResult } from '../../examples/pingpong/client.js';
import { channelServer, handlerServer } from '../../examples/pingpong/server.js';
import type { ServerArgs, ServerResult } from '../../examples/pingpong/timer.js';
import { dispatchingClient, dispatchingServer } from './dispatching.js';

/** A server and its clients, as one line of the charts. */
export interface Variant {
  /** `server/client` styles, or `dispatching`. */
  readonly key: string;
  readonly label: string;
  /** What the thesis calls the same pairing. */
  readonly thesis: string;
  readonly server: (disp: Dispatcher, args: ServerArgs) => Promise<ServerResult | void>;
  readonly client: (disp: Dispatcher, args: ClientArgs) => Promise<ClientResult>;
}

const STYLES = {
  channel: { server: channelServer, client: channelClient, thesis: 'Go' },
  handler: { server: handlerServer, client: handlerClient, thesis: 'C' },
} as const;

function pairing(server: keyof typeof STYLES, client: keyof typeof STYLES): Variant {
  return {
    key: `${server}/${client}`,
    label: `${server} server, ${client} clients`,
    thesis: `${STYLES[server].thesis} server, ${STYLES[client].thesis} client`,
    server: STYLES[server].server,
    client: STYLES[client].client,
  };
}

/** The four pairings, the thesis' Figure 4.18. */
export const PAIRINGS: readonly Variant[] = [
  pairing('channel', 'channel'),
  pairing('channel', 'handler'),
  pairing('handler', 'channel'),
  pairing('handler', 'handler'),
];

/** Handlers dispatched by the main task on both sides, the thesis' Figure 4.22 ("w/o Channels"). */
export const DISPATCHING: Variant = {
  key: 'dispatching',
  label: 'handlers, main task dispatching (Figure 4.22)',
  thesis: 'w/o Channels (Go server, Go client)',
  server: dispatchingServer,
  client: dispatchingClient,
};

/** Every variant measured. */
export const VARIANTS: readonly Variant[] = [...PAIRINGS, DISPATCHING];

/** The baseline the others are compared with: handler server, handler clients (the thesis' C/C). */
export const BASELINE = 'handler/handler';
