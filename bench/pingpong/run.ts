/**
 * One point of the ping-pong benchmark: a server on core 1 of a fresh `ivybridge-2x10`,
 * clients on cores 2, 3, ..., all pings split evenly over the clients, the server timing
 * their receipt (thesis 4.3.1).
 * @module
 */
import { Machine, nameservice, type ClockMode } from '@flounder-ts/kernel-sim';
import type { ServerResult } from '../../examples/pingpong/timer.js';
import type { Variant } from './variants.js';

/** The core the server runs on; clients take the cores after it. */
export const SERVER_CORE = 1;
/** The most clients: cores 2 to 19. */
export const MAX_CLIENTS = 18;

/** What one run measured. */
export interface PointRun {
  /** Simulated seconds the server took to receive every ping. */
  readonly seconds: number;
  /** Wall-clock seconds for the same. */
  readonly wallSeconds: number;
  /** How busy the server's core was over the run: busy cycles over its clock. */
  readonly serverBusy: number;
  /** Events the server's core ran per ping. */
  readonly serverEventsPerPing: number;
}

/** The pings client `i` of `clients` sends: an even share, the first ones taking what is left over. */
export function share(pings: number, clients: number, i: number): number {
  return Math.floor(pings / clients) + (i < pings % clients ? 1 : 0);
}

/** Runs `variant` with `clients` clients sending `pings` pings in all, on a machine of clock mode `clock`. */
export async function runPoint(variant: Variant, clients: number, pings: number, clock: ClockMode): Promise<PointRun> {
  if (!(Number.isInteger(clients) && clients >= 1 && clients <= MAX_CLIENTS)) {
    throw new RangeError(`clients must be 1 to ${MAX_CLIENTS}, got ${clients}`);
  }
  const machine = new Machine({ topology: 'ivybridge-2x10', boot: [nameservice], clock });
  let timed: ServerResult | void = undefined;
  machine.spawn({ name: 'server', core: SERVER_CORE, daemon: true }, async (disp) => {
    timed = await variant.server(disp, { service: 'ping', pings });
  });
  for (let i = 0; i < clients; i++) {
    machine.spawn({ name: `client${i}`, core: SERVER_CORE + 1 + i }, (disp) =>
      variant.client(disp, { service: 'ping', clientId: i, count: share(pings, clients, i) }),
    );
  }
  await machine.run();
  const result = timed as ServerResult | void;
  if (result === undefined) throw new Error(`${variant.key} with ${clients} clients: the server did not time its ${pings} pings`);
  const server = machine.counters().cores[SERVER_CORE]!;
  return {
    seconds: result.cycles / machine.topology.hz,
    wallSeconds: result.wallMs / 1e3,
    serverBusy: server.busyCycles / server.clock,
    serverEventsPerPing: server.events / pings,
  };
}
