/**
 * Barrelfish's idctest (usr/tests/idctest, the harness' idc_local and idc_cross) through the
 * generated stubs of examples/idl/test.if: `basic(7)`, `str` with a short, a duplicated and
 * a 1.5 KB string, `one_cap`, `caps(69, frame, ptable)`, `buf`, then the `basic_rpc` call,
 * on one core (LMP) and across cores (UMP), with servers and clients in both styles. The
 * server logs what it receives as Barrelfish's does (`rx_caps 69 [Frame cap ...] [...]`).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { IDCTEST, type Sent } from './domains/idctest.js';
import { newMachine } from './machines.js';

describe.each(['simulated', 'threads'] as const)('idctest on the %s platform', (platform) => {
  for (const [interconnect, clientCore] of [
    ['lmp', 1],
    ['ump', 2],
  ] as const) {
    for (const server of ['handler', 'channel'] as const) {
      for (const client of ['handler', 'channel'] as const) {
        it(`${interconnect}: ${server} server, ${client} client`, async () => {
          const machine = newMachine({ platform });
          onTestFinished(() => machine.shutdown());
          const serving = machine.spawn({ name: 'server', core: 1, daemon: true }, { module: IDCTEST, export: `${server}Server` });
          const sending = machine.spawn({ name: 'client', core: clientCore }, { module: IDCTEST, export: `${client}Client` });
          await machine.run();
          const { log: expected, result, interconnect: chosen } = (await sending.result) as Sent;
          const log = (await serving.result) as string[];
          expect(chosen).toBe(interconnect);
          expect(log).toEqual(expected);
          expect(log[5]).toMatch(/^rx_caps 69 \[Frame cap .*\] \[.*x86_64 Page table.*\]$/);
          expect(result).toBe(42);
          // Three caps crossed: one_cap's, and caps' two (over LMP in two fragments, over UMP through the monitors).
          const end = (from: string, to: string) =>
            machine.counters().channels.find((c) => c.kind === interconnect && c.label.includes(`${from} -> ${to}`))!;
          expect(end(`client@${clientCore}`, 'server@1').capsSent).toBe(3);
          expect(end('server@1', `client@${clientCore}`).capsReceived).toBe(3);
        });
      }
    }
  }
});
