/**
 * One traced ping-pong with one client for the breakdown: the examples' server on core 1 and
 * client on core 2 of `ivybridge-2x10`, a Chrome trace recorded, the counters taken.
 * @module
 */
import { Machine, nameservice, type ClockMode, type CountersReport, type TraceEvent } from '@flounder-ts/kernel-sim';
import type { Dispatcher } from '@flounder-ts/runtime';
import { channelClient, handlerClient, type ClientResult } from '../../examples/pingpong/client.js';
import { channelServer, handlerServer } from '../../examples/pingpong/server.js';

/** The two APIs a round trip is broken down in. */
export const STYLES = {
  channel: { server: (disp: Dispatcher) => channelServer(disp, 'ping'), client: channelClient },
  handler: { server: (disp: Dispatcher) => handlerServer(disp, 'ping'), client: handlerClient },
} as const;

export type Style = keyof typeof STYLES;

/** The cores of the breakdown, as the thesis' (server on core 1, the one client on core 2). */
export const SERVER_CORE = 1;
export const CLIENT_CORE = 2;

/** What a run gives: the client's result, and the trace and counters if asked for. */
export interface TracedRun {
  readonly client: ClientResult;
  readonly events: readonly TraceEvent[];
  readonly counters: CountersReport;
  /** The line transfer from the client's core to the server's, in cycles. */
  readonly lineTransfer: number;
  readonly hz: number;
}

/** A ping-pong of `roundTrips` in `style` (server and client alike), with a trace if `trace`. */
export async function pingPong(style: Style, roundTrips: number, clock: ClockMode, trace: boolean): Promise<TracedRun> {
  const machine = new Machine({ topology: 'ivybridge-2x10', boot: [nameservice], clock, trace });
  machine.spawn({ name: 'server', core: SERVER_CORE, daemon: true }, STYLES[style].server);
  let client: ClientResult | undefined;
  machine.spawn({ name: 'client', core: CLIENT_CORE }, async (disp) => {
    client = await STYLES[style].client(disp, { service: 'ping', clientId: 0, count: roundTrips });
  });
  await machine.run();
  return {
    client: client!,
    events: machine.trace.events,
    counters: machine.counters(),
    lineTransfer: machine.topology.lineTransfer(CLIENT_CORE, SERVER_CORE),
    hz: machine.topology.hz,
  };
}
