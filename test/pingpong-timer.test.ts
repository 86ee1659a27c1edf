/**
 * The ping-pong servers told how many pings to expect time them, as the thesis' server does:
 * from the first ping received to the last, and they go on answering afterwards.
 */
import { describe, expect, it } from 'vitest';
import { channelClient, handlerClient } from '../examples/pingpong/client.js';
import { channelServer, handlerServer, type ServerResult } from '../examples/pingpong/server.js';
import { newMachine } from './machines.js';

describe('ping-pong server timing', () => {
  for (const [style, server] of [
    ['channel', channelServer],
    ['handler', handlerServer],
  ] as const) {
    it(`the ${style} server returns how long receiving every ping took`, async () => {
      const machine = newMachine();
      let timed: ServerResult | void = undefined;
      machine.spawn({ name: 'server', core: 1, daemon: true }, async (disp) => {
        timed = await server(disp, { service: 'ping', pings: 3 * 40 });
      });
      const clients = [2, 3, 12].map((core, clientId) => {
        let cycles = 0;
        machine.spawn({ name: `client${clientId}`, core }, async (disp) => {
          // One client more than the server times, whose pings come after: it is still answered.
          const count = clientId === 2 ? 80 : 40;
          cycles = (await (clientId === 0 ? channelClient : handlerClient)(disp, { service: 'ping', clientId, count })).cycles;
        });
        return () => cycles;
      });
      const run = await machine.run();
      const result = timed as ServerResult | void;
      expect(result?.pings).toBe(120);
      expect(result!.cycles).toBeGreaterThan(0);
      expect(result!.cycles).toBeLessThan(run.cycles);
      expect(result!.wallMs).toBeGreaterThan(0);
      for (const cycles of clients) expect(cycles()).toBeGreaterThan(0);
    });
  }

  it('says what is wrong with a count of pings that is no whole number above 0', async () => {
    const machine = newMachine();
    machine.spawn({ name: 'server', core: 1 }, (disp) => handlerServer(disp, { service: 'ping', pings: 0 }));
    await expect(machine.run()).rejects.toThrow(/pings must be a whole number > 0, got 0/);
  });
});
