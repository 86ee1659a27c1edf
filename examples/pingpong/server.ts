/**
 * The thesis' ping-pong servers (section 4.3): every ping is answered with a pong carrying
 * the same ids. Each is a domain's main function, so the machine can spawn it by name on
 * either platform: `machine.spawn({ name: 'server', core: 1, daemon: true },
 * { module: SERVERS, export: 'channelServer', arg: 'ping' })`.
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import * as ping from '../gen/ping.js';

/** This module, for spawning its servers by name. */
export const SERVERS = import.meta.url;

/** With the channel API (thesis Figure 4.14): a task per connection, receiving and sending on channels. */
export async function channelServer(disp: Dispatcher, service = 'ping'): Promise<void> {
  for await (const client of await ping.listen(disp, service)) {
    disp.go(async () => {
      for await (const m of client.recv) {
        if (m.type === 'ping') await client.send.send({ type: 'pong', clientId: m.clientId, msgId: m.msgId });
      }
    });
  }
}

/** With the handler API (thesis Figure 4.16 and 4.22): the pong is sent from the ping's handler. */
export async function handlerServer(disp: Dispatcher, service = 'ping'): Promise<void> {
  await ping.serve(disp, service, () => ({
    ping: (b, m) => b.tx.pong(m),
  }));
}
