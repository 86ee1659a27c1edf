/**
 * The thesis' ping-pong clients (section 4.3): `count` pings, each sent once the pong of the
 * one before has arrived. Each is a domain's main function (see `server.ts`); it resolves
 * with what it measured.
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import * as ping from '../gen/ping.js';

/** This module, for spawning its clients by name. */
export const CLIENTS = import.meta.url;

/** What a client is told. */
export interface ClientArgs {
  readonly service: string;
  readonly clientId: number;
  /** Round trips to make. */
  readonly count: number;
}

/** What a client measured. */
export interface ClientResult {
  /** The interconnect its bind chose. */
  readonly interconnect: string;
  readonly roundTrips: number;
  /** Simulated cycles from the first ping to the last pong. */
  readonly cycles: number;
  /** Wall-clock milliseconds for the same. */
  readonly wallMs: number;
}

/** With the channel API (thesis Figure 4.15): send a ping, receive the pong. */
export async function channelClient(disp: Dispatcher, { service, clientId, count }: ClientArgs): Promise<ClientResult> {
  const server = await ping.connect(disp, service);
  const t0 = performance.now();
  const c0 = disp.now();
  for (let msgId = 0; msgId < count; msgId++) {
    await server.send.send({ type: 'ping', clientId, msgId });
    const pong = await server.recv.recv();
    if (pong?.type !== 'pong' || pong.msgId !== msgId) throw new Error(`client ${clientId}: expected pong ${msgId}, got ${JSON.stringify(pong)}`);
  }
  const result = { interconnect: server.interconnect, roundTrips: count, cycles: disp.now() - c0, wallMs: performance.now() - t0 };
  server.close();
  return result;
}

/** With the handler API (thesis Figure 4.17): the next ping is sent from the pong's handler. */
export async function handlerClient(disp: Dispatcher, { service, clientId, count }: ClientArgs): Promise<ClientResult> {
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let msgId = 0;
  const server = await ping.bind(disp, service, {
    pong: (b, m) => {
      if (m.msgId !== msgId) throw new Error(`client ${clientId}: expected pong ${msgId}, got ${m.msgId}`);
      if (++msgId === count) done();
      else b.tx.ping({ clientId, msgId });
    },
  });
  const t0 = performance.now();
  const c0 = disp.now();
  if (count > 0) server.tx.ping({ clientId, msgId });
  else done();
  await finished;
  const result = { interconnect: server.interconnect, roundTrips: count, cycles: disp.now() - c0, wallMs: performance.now() - t0 };
  server.close();
  return result;
}
