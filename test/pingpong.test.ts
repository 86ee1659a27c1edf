/**
 * The thesis' ping-pong (section 4.3) in all four pairings of the channel API and the handler
 * API, on one core (LMP) and across cores (UMP), with several clients at once; the servers
 * and clients are the examples', spawned by module and export as on any platform.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLIENTS, type ClientResult } from '../examples/pingpong/client.js';
import { SERVERS } from '../examples/pingpong/server.js';
import { newMachine } from './machines.js';

const STYLES = ['channel', 'handler'] as const;
const ROUND_TRIPS = 200;

describe.each(['simulated', 'threads'] as const)('ping-pong on the %s platform', (platform) => {
  for (const server of STYLES) {
    for (const client of STYLES) {
      for (const [interconnect, cores] of [
        ['lmp', [1, 1, 1]],
        ['ump', [2, 3, 12]],
      ] as const) {
        it(`${server} server, ${client} clients, over ${interconnect}`, async () => {
          const machine = newMachine({ platform });
          onTestFinished(() => machine.shutdown());
          machine.spawn({ name: 'server', core: 1, daemon: true }, { module: SERVERS, export: `${server}Server`, arg: 'ping' });
          const clients = cores.map((core, clientId) =>
            machine.spawn(
              { name: `client${clientId}`, core },
              { module: CLIENTS, export: `${client}Client`, arg: { service: 'ping', clientId, count: ROUND_TRIPS } },
            ),
          );
          await machine.run();
          for (const c of clients) {
            const result = (await c.result) as ClientResult;
            expect(result.interconnect).toBe(interconnect);
            expect(result.roundTrips).toBe(ROUND_TRIPS);
            expect(result.cycles).toBeGreaterThan(0);
          }
        });
      }
    }
  }
});
