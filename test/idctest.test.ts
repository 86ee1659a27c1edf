/**
 * Barrelfish's idctest (usr/tests/idctest, the harness' idc_local and idc_cross) through the
 * generated stubs of examples/idl/test.if: `basic(7)`, `str` with a short, a duplicated and
 * a 1.5 KB string, `one_cap`, `caps(69, frame, ptable)`, `buf`, then the `basic_rpc` call,
 * on one core (LMP) and across cores (UMP), with servers and clients in both styles. The
 * server logs what it receives as Barrelfish's does (`rx_caps 69 [Frame cap ...] [...]`).
 */
import type { CapRef, Dispatcher } from '@flounder-ts/runtime';
import { describe, expect, it } from 'vitest';
import * as test from '../examples/gen/test.js';
import { newMachine, program } from './machines.js';

const SHORT = 'Hello, world';
const DUPLICATED = `${SHORT} ${SHORT}`;
const LONG = Array.from({ length: 1536 }, (_, i) => String.fromCharCode(0x21 + (i % 94))).join('');
const BUFFER = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);

function capText(disp: Dispatcher, cap: CapRef): string {
  return disp.identifyCap(cap).description;
}

function bufText(buf: Uint8Array): string {
  return `${buf.length} bytes, sum ${buf.reduce((a, b) => a + b, 0)}`;
}

/** The idctest server with the handler API: one handler per message, the rpc answered by hand. */
async function handlerServer(disp: Dispatcher, log: string[]): Promise<void> {
  await test.serve(disp, 'idctest', () => ({
    basic: (_, m) => log.push(`rx_basic ${m.arg}`),
    str: (_, m) => log.push(`rx_str ${m.arg} ${m.s}`),
    one_cap: (_, m) => log.push(`rx_one_cap ${m.arg} [${capText(disp, m.cap1)}]`),
    caps: (_, m) => log.push(`rx_caps ${m.arg} [${capText(disp, m.cap1)}] [${capText(disp, m.cap2)}]`),
    buf: (_, m) => log.push(`rx_buf ${bufText(m.buf)}`),
    basic_rpc_call: (b, m) => b.reply(m, { result: m.arg + 1 }),
  }));
}

/** The idctest server with the channel API: a task per connection and a switch over the messages. */
async function channelServer(disp: Dispatcher, log: string[]): Promise<void> {
  for await (const client of await test.listen(disp, 'idctest')) {
    disp.go(async () => {
      for await (const m of client.recv) {
        switch (m.type) {
          case 'basic':
            log.push(`rx_basic ${m.arg}`);
            break;
          case 'str':
            log.push(`rx_str ${m.arg} ${m.s}`);
            break;
          case 'one_cap':
            log.push(`rx_one_cap ${m.arg} [${capText(disp, m.cap1)}]`);
            break;
          case 'caps':
            log.push(`rx_caps ${m.arg} [${capText(disp, m.cap1)}] [${capText(disp, m.cap2)}]`);
            break;
          case 'buf':
            log.push(`rx_buf ${bufText(m.buf)}`);
            break;
          case 'basic_rpc_call':
            await client.reply(m, { result: m.arg + 1 });
            break;
          case 'basic_rpc_response':
            throw new Error('a response sent to the server');
        }
      }
    });
  }
}

interface Sent {
  readonly log: string[];
  readonly result: number;
  readonly interconnect: string;
}

/** What the client sends, as the server should log it. */
function expectedLog(disp: Dispatcher, frame: CapRef, ptable: CapRef): string[] {
  return [
    'rx_basic 7',
    `rx_str 9 ${SHORT}`,
    `rx_str 37 ${DUPLICATED}`,
    `rx_str 42 ${LONG}`,
    `rx_one_cap 3 [${capText(disp, frame)}]`,
    `rx_caps 69 [${capText(disp, frame)}] [${capText(disp, ptable)}]`,
    `rx_buf ${bufText(BUFFER)}`,
  ];
}

/** The idctest client with the handler API: each message sent from the last one's continuation. */
async function handlerClient(disp: Dispatcher): Promise<Sent> {
  const b = await test.bind(disp, 'idctest');
  const frame = disp.createCap('Frame', 4096);
  const ptable = disp.createCap('VNode_x86_64_ptable');
  await new Promise<void>((done) => {
    const steps = [
      () => b.tx.basic({ arg: 7 }, next),
      () => b.tx.str({ arg: 9, s: SHORT }, next),
      () => b.tx.str({ arg: 37, s: DUPLICATED }, next),
      () => b.tx.str({ arg: 42, s: LONG }, next),
      () => b.tx.one_cap({ arg: 3, cap1: frame }, next),
      () => b.tx.caps({ arg: 69, cap1: frame, cap2: ptable }, next),
      () => b.tx.buf({ buf: BUFFER }, next),
    ];
    let step = 0;
    function next(): void {
      // As in Barrelfish's idctest, a busy binding here would be a failure.
      if (!b.canSend()) throw new Error(`step ${step}: the binding is still busy in its continuation`);
      if (step === steps.length) done();
      else steps[step++]!();
    }
    next();
  });
  const { result } = await b.rpc.basic_rpc({ arg: 41 });
  return { log: expectedLog(disp, frame, ptable), result, interconnect: b.interconnect };
}

/** The idctest client with the channel API: each message sent once the one before has gone. */
async function channelClient(disp: Dispatcher): Promise<Sent> {
  const server = await test.connect(disp, 'idctest');
  const frame = disp.createCap('Frame', 4096);
  const ptable = disp.createCap('VNode_x86_64_ptable');
  await server.send.send({ type: 'basic', arg: 7 });
  await server.send.send({ type: 'str', arg: 9, s: SHORT });
  await server.send.send({ type: 'str', arg: 37, s: DUPLICATED });
  await server.send.send({ type: 'str', arg: 42, s: LONG });
  await server.send.send({ type: 'one_cap', arg: 3, cap1: frame });
  await server.send.send({ type: 'caps', arg: 69, cap1: frame, cap2: ptable });
  await server.send.send({ type: 'buf', buf: BUFFER });
  await server.send.send({ type: 'basic_rpc_call', arg: 41 });
  const response = await server.recv.recv();
  if (response?.type !== 'basic_rpc_response') throw new Error(`expected basic_rpc_response, got ${response?.type}`);
  return { log: expectedLog(disp, frame, ptable), result: response.result, interconnect: server.interconnect };
}

const SERVERS = { handler: handlerServer, channel: channelServer };
const CLIENTS = { handler: handlerClient, channel: channelClient };

describe('idctest', () => {
  for (const [interconnect, clientCore] of [
    ['lmp', 1],
    ['ump', 2],
  ] as const) {
    for (const server of ['handler', 'channel'] as const) {
      for (const client of ['handler', 'channel'] as const) {
        it(`${interconnect}: ${server} server, ${client} client`, async () => {
          const machine = newMachine();
          const log: string[] = [];
          machine.spawn({ name: 'server', core: 1, daemon: true }, (disp) => SERVERS[server](disp, log));
          const sent = program(machine, 'client', clientCore, CLIENTS[client]);
          await machine.run();
          const { log: expected, result, interconnect: chosen } = sent();
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
