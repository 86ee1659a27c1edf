/**
 * The thesis' ping-pong servers (section 4.3): every ping is answered with a pong carrying
 * the same ids. Each is a domain's main function, so the machine can spawn it by name on
 * either platform: `machine.spawn({ name: 'server', core: 1, daemon: true },
 * { module: SERVERS, export: 'channelServer', arg: 'ping' })`.
 *
 * Told how many pings to expect (`arg: { service: 'ping', pings: 1_000_000 }`), a server
 * times them as the thesis' server does: its main function returns how long receiving them
 * all took, and it goes on answering.
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import * as ping from '../gen/ping.js';
import { PingTimer, type ServerArgs, type ServerResult } from './timer.js';

export type { ServerArgs, ServerResult };

/** This module, for spawning its servers by name. */
export const SERVERS = import.meta.url;

/** With the channel API (thesis Figure 4.14): a task per connection, receiving and sending on channels. */
export function channelServer(disp: Dispatcher, service?: string): Promise<void>;
export function channelServer(disp: Dispatcher, args: ServerArgs): Promise<ServerResult | undefined>;
export async function channelServer(disp: Dispatcher, args: string | ServerArgs = 'ping'): Promise<ServerResult | void> {
  const { service, timer } = PingTimer.of(disp, args);
  const accepted = await ping.listen(disp, service);
  // Once every ping has come, accept no more clients: the loop ends and the time is returned.
  void timer?.done.then(() => accepted.close());
  for await (const client of accepted) {
    disp.go(async () => {
      for await (const m of client.recv) {
        if (m.type !== 'ping') continue;
        timer?.received();
        await client.send.send({ type: 'pong', clientId: m.clientId, msgId: m.msgId });
      }
    });
  }
  return timer?.done;
}

/** With the handler API (thesis Figure 4.16 and 4.22): the pong is sent from the ping's handler. */
export function handlerServer(disp: Dispatcher, service?: string): Promise<void>;
export function handlerServer(disp: Dispatcher, args: ServerArgs): Promise<ServerResult | undefined>;
export async function handlerServer(disp: Dispatcher, args: string | ServerArgs = 'ping'): Promise<ServerResult | void> {
  const { service, timer } = PingTimer.of(disp, args);
  await ping.serve(disp, service, () => ({
    ping: (b, m) => {
      timer?.received();
      b.tx.pong(m);
    },
  }));
  return timer?.done;
}
