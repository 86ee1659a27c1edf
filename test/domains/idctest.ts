/**
 * The domains of Barrelfish's idctest (see test/idctest.test.ts), as module exports so that
 * any platform can spawn them: on worker threads, closures cannot cross.
 */
import type { CapRef, Dispatcher } from '@flounder-ts/runtime';
import * as test from '../../examples/gen/test.js';

/** This module, for spawning its domains by name. */
export const IDCTEST = import.meta.url;

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

/** The messages of the sequence and the rpc: a server's main function returns once it has seen them all. */
const SEQUENCE = 8;

/** A server's log: `done` resolves with its lines once the whole sequence has been `seen`. */
function sequenceLog(): { log: string[]; seen: () => void; done: Promise<string[]> } {
  const log: string[] = [];
  let finish!: (log: string[]) => void;
  const done = new Promise<string[]>((resolve) => (finish = resolve));
  let count = 0;
  const seen = (): void => {
    if (++count === SEQUENCE) finish(log);
  };
  return { log, seen, done };
}

/**
 * The idctest server with the handler API: one handler per message, the rpc answered by hand.
 * A daemon; its main function returns the log once the sequence is through.
 */
export async function handlerServer(disp: Dispatcher): Promise<string[]> {
  const { log, seen, done } = sequenceLog();
  await test.serve(disp, 'idctest', () => ({
    basic: (_, m) => {
      log.push(`rx_basic ${m.arg}`);
      seen();
    },
    str: (_, m) => {
      log.push(`rx_str ${m.arg} ${m.s}`);
      seen();
    },
    one_cap: (_, m) => {
      log.push(`rx_one_cap ${m.arg} [${capText(disp, m.cap1)}]`);
      seen();
    },
    caps: (_, m) => {
      log.push(`rx_caps ${m.arg} [${capText(disp, m.cap1)}] [${capText(disp, m.cap2)}]`);
      seen();
    },
    buf: (_, m) => {
      log.push(`rx_buf ${bufText(m.buf)}`);
      seen();
    },
    basic_rpc_call: (b, m) => {
      b.reply(m, { result: m.arg + 1 });
      seen();
    },
  }));
  return done;
}

/**
 * The idctest server with the channel API: a task per connection and a switch over the
 * messages. A daemon; its main function returns the log once the sequence is through.
 */
export async function channelServer(disp: Dispatcher): Promise<string[]> {
  const { log, seen, done } = sequenceLog();
  const connections = await test.listen(disp, 'idctest');
  disp.go(async () => {
    for await (const client of connections) {
      disp.go(async () => {
        for await (const m of client.recv) {
          seen();
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
  });
  return done;
}

export interface Sent {
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
export async function handlerClient(disp: Dispatcher): Promise<Sent> {
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
export async function channelClient(disp: Dispatcher): Promise<Sent> {
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

