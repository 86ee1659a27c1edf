/**
 * The ping-pong of the thesis' section 4.3 with one client, in each style, on the simulated
 * machine: raw frames (hand-written handler code on the channel ends: what the bindings cost
 * is measured against it), the handler API, and the channel API, alone and in the four
 * pairings; and the floor of any API whose messages go to tasks (`tasks`: the handler API,
 * each message handed to a task through a bare promise). The server is on core 1; the client
 * on core 2 (UMP) or core 1 (LMP).
 * @module
 */
import { Machine, nameservice, type Dispatcher as SimDispatcher } from '@flounder-ts/kernel-sim';
import { RECV_EMPTY, type ChannelEnd, type Dispatcher } from '@flounder-ts/runtime';
import * as ping from '../../examples/gen/ping.js';
import { channelClient, handlerClient, type ClientResult } from '../../examples/pingpong/client.js';
import { channelServer, handlerServer } from '../../examples/pingpong/server.js';

/** One way to run the ping-pong. */
export interface Shape {
  readonly key: string;
  readonly label: string;
  run(trips: number, clientCore: number): Promise<ClientResult>;
}

const PING = 3;
const PONG = 4;

/** The server of raw frames: answers a ping frame with a pong frame of the same words. */
async function rawServer(disp: Dispatcher): Promise<void> {
  const iref = await disp.exportService((end) => {
    const buf = new Uint32Array(2 * end.fragmentWords);
    end.registerRecv(
      () => {
        for (let n = end.recv(buf); n !== RECV_EMPTY; n = end.recv(buf)) {
          if (end.kind === 'ump') {
            if (end.rxMsgnum === PING) end.send(buf, 0, 1, PONG, 0);
          } else if ((buf[0]! & 0xffff) === PING) {
            buf[0] = PONG;
            end.send(buf, 0, 2);
          }
        }
      },
      { persistent: true },
    );
  });
  await disp.nameService.register('ping', iref);
}

/** The client of raw frames: the ids packed by hand as the layout has them, the next ping sent from the pong's handler. */
async function rawClient(disp: Dispatcher, trips: number): Promise<ClientResult> {
  const end: ChannelEnd = await disp.bind(await disp.nameService.waitFor('ping'));
  const buf = new Uint32Array(2 * end.fragmentWords);
  const send = (msgId: number): void => {
    if (end.kind === 'ump') {
      buf[0] = 1; // clientId
      buf[1] = msgId;
      end.send(buf, 0, 1, PING, 0);
    } else {
      buf[0] = PING;
      buf[1] = 0;
      buf[2] = 1;
      buf[3] = msgId;
      end.send(buf, 0, 2);
    }
  };
  let msgId = 0;
  const t0 = performance.now();
  const c0 = disp.now();
  await new Promise<void>((done) => {
    end.registerRecv(
      () => {
        while (end.recv(buf) !== RECV_EMPTY) {
          const id = end.kind === 'ump' ? buf[1]! : buf[3]!;
          if (id !== msgId) throw new Error(`expected pong ${msgId}, got ${id}`);
          if (++msgId === trips) return done();
          send(msgId);
        }
      },
      { persistent: true },
    );
    send(0);
  });
  const result = { interconnect: end.kind, roundTrips: trips, cycles: disp.now() - c0, wallMs: performance.now() - t0 };
  end.close();
  return result;
}

/**
 * One message at a time handed from a receive handler to a task: a promise the task awaits,
 * resolved by the handler. Its settle function is the machine's `wakeup`, so the simulator
 * knows the task parked and was resumed, as it knows for the runtime's channels.
 */
class Handoff<T> {
  private waiting: ((value: T) => void) | undefined = undefined;
  private held: T | undefined = undefined;

  constructor(private readonly disp: SimDispatcher) {}

  /** The next message: the one held, or the next one put. */
  take(): Promise<T> {
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      return Promise.resolve(held);
    }
    return new Promise((resolve) => (this.waiting = this.disp.machine.wakeup(resolve)));
  }

  put(value: T): void {
    const resolve = this.waiting;
    if (resolve === undefined) {
      if (this.held !== undefined) throw new Error('a second message arrived before the task took the first');
      this.held = value;
      return;
    }
    this.waiting = undefined;
    resolve(value);
  }
}

/**
 * The floor of a task-based API, the server: a task per client, woken by each ping its
 * handler hands over, answers it with the handler API's send (nothing else a channel does).
 */
async function tasksServer(disp: SimDispatcher): Promise<void> {
  await ping.serve(disp, 'ping', (binding) => {
    const pings = new Handoff<ping.Ping | null>(disp);
    disp.go(async () => {
      for (let m = await pings.take(); m !== null; m = await pings.take()) binding.tx.pong(m);
    });
    void binding.closed.then(() => pings.put(null));
    return { ping: (_, m) => pings.put(m) };
  });
}

/** The floor of a task-based API, the client: sends a ping, then waits for its pong from the handler. */
async function tasksClient(disp: SimDispatcher, trips: number): Promise<ClientResult> {
  const pongs = new Handoff<ping.Pong>(disp);
  const server = await ping.bind(disp, 'ping', { pong: (_, m) => pongs.put(m) });
  const t0 = performance.now();
  const c0 = disp.now();
  for (let msgId = 0; msgId < trips; msgId++) {
    server.tx.ping({ clientId: 1, msgId });
    const pong = await pongs.take();
    if (pong.msgId !== msgId) throw new Error(`expected pong ${msgId}, got ${pong.msgId}`);
  }
  const result = { interconnect: server.interconnect, roundTrips: trips, cycles: disp.now() - c0, wallMs: performance.now() - t0 };
  server.close();
  return result;
}

type Server = (disp: SimDispatcher) => Promise<void>;
type Client = (disp: SimDispatcher, trips: number) => Promise<ClientResult>;

/** Runs `server` on core 1 and `client` on `clientCore` of a fresh ivybridge-2x10 with the nameservice. */
async function pingPong(server: Server, client: Client, trips: number, clientCore: number): Promise<ClientResult> {
  const machine = new Machine({ topology: 'ivybridge-2x10', boot: [nameservice] });
  machine.spawn({ name: 'server', core: 1, daemon: true }, server);
  let result: ClientResult | undefined;
  machine.spawn({ name: 'client', core: clientCore }, async (disp) => {
    result = await client(disp, trips);
  });
  await machine.run();
  return result!;
}

const STYLES = {
  channel: {
    server: (disp: Dispatcher) => channelServer(disp, 'ping'),
    client: (disp: Dispatcher, count: number) => channelClient(disp, { service: 'ping', clientId: 1, count }),
  },
  handler: {
    server: (disp: Dispatcher) => handlerServer(disp, 'ping'),
    client: (disp: Dispatcher, count: number) => handlerClient(disp, { service: 'ping', clientId: 1, count }),
  },
} as const;

export const SHAPES: readonly Shape[] = [
  { key: 'raw', label: 'raw frames', run: (n, core) => pingPong(rawServer, rawClient, n, core) },
  ...(['handler', 'channel'] as const).flatMap((server) =>
    (['handler', 'channel'] as const).map((client) => ({
      key: `${server}/${client}`,
      label: `${server} server, ${client} client`,
      run: (n: number, core: number) => pingPong(STYLES[server].server, STYLES[client].client, n, core),
    })),
  ),
  { key: 'tasks', label: 'handlers handing to tasks (floor)', run: (n, core) => pingPong(tasksServer, tasksClient, n, core) },
];
