/**
 * The benchmark's domains: a server and a client for each level of the stack, run by the
 * threads machine on two cores of different worker threads. Every client returns its
 * nanoseconds per round trip or per streamed message, timed on its own thread.
 *
 * - `ring`: the floor. Both domains map one frame and spin on the simulator's ring code
 *   (ump-ring.ts) directly, holding their threads: what UMP costs with nothing around it.
 * - `ump`: the machine's UMP channel ends with waitset handlers, as a binding sees them.
 * - `handler`: the generated handler API of `ping.if` (thesis Figure 4.22).
 * - `channel`: the generated channel API of `ping.if` (thesis Figure 4.14).
 */
import { RECV_EMPTY, type CapRef, type Dispatcher, type UmpChannel } from '@flounder-ts/runtime';
import { UmpRingReceiver, UmpRingSender, umpRingBytes } from '@flounder-ts/kernel-sim';
import * as ping from '../../examples/gen/ping.js';

/** What a client is asked to do. */
export interface Job {
  readonly mode: 'rt' | 'stream';
  readonly count: number;
}

const RING_SLOTS = 32;
/** The bare rings ack as the threads platform's channel ends do: every quarter ring. */
const RING_ACK_EVERY = RING_SLOTS / 4;
/** Messages a handler-API stream queues at a time. */
const STREAM_BURST = 64;
const MODE_RT = 1;
const MODE_STREAM = 2;

/** The nanoseconds since `t0` per `count` operations. */
function per(t0: number, count: number): number {
  return ((performance.now() - t0) * 1e6) / count;
}

/** Receives every frame there is on `end` into `buf`; returns how many. */
function drain(end: UmpChannel, buf: Uint32Array): number {
  let n = 0;
  while (end.recv(buf) !== RECV_EMPTY) n++;
  return n;
}

// ---- ring: the floor ---------------------------------------------------------------------------

/** Serves `ring` clients: takes their frame and a job, and runs it on the bare rings. */
export async function ringServer(disp: Dispatcher): Promise<void> {
  const iref = await disp.exportService((end) => {
    if (end.kind !== 'ump') throw new Error('the ring benchmark needs UMP');
    const buf = new Uint32Array(16);
    let job: [number, number] | undefined;
    let frame: CapRef | undefined;
    end.registerRecv(
      () => {
        if (end.recv(buf) !== RECV_EMPTY) job = [buf[0]!, buf[2]!];
        frame ??= end.recvCap()?.cap;
        if (!job || !frame) {
          // The client is done: a channel left open would be polled for nothing from now on.
          if (end.peerClosed) end.close();
          return;
        }
        const memory = disp.mapFrame(frame).buffer as SharedArrayBuffer;
        const rx = new UmpRingReceiver(memory, 0, RING_SLOTS, RING_ACK_EVERY);
        const tx = new UmpRingSender(memory, umpRingBytes(RING_SLOTS), RING_SLOTS);
        const [mode, count] = job;
        job = undefined;
        frame = undefined;
        // Tell the client the frame is mapped: until then its monitor must stay free to send it.
        end.send(buf, 0, 1, 3, 0);
        if (mode === MODE_RT) {
          for (let i = 0; i < count; i++) {
            while (rx.recv(buf) < 0);
            while (tx.send(buf, 0, 1, rx.msgnum, rx.token) < 0);
          }
        } else {
          for (let i = 0; i < count; i++) while (rx.recv(buf) < 0);
          while (tx.send(buf, 0, 1, 0, count) < 0);
        }
      },
      { persistent: true },
    );
  });
  await disp.nameService.register('bench.ring', iref);
}

/** The floor: a job on the bare rings of a frame shared with the server. */
export async function ringClient(disp: Dispatcher, job: Job): Promise<number> {
  const end = await disp.bind(await disp.nameService.waitFor('bench.ring'));
  if (end.kind !== 'ump') throw new Error('the ring benchmark needs UMP');
  const frame = disp.createCap('Frame', 2 * umpRingBytes(RING_SLOTS));
  const memory = disp.mapFrame(frame).buffer as SharedArrayBuffer;
  const tx = new UmpRingSender(memory, 0, RING_SLOTS);
  const rx = new UmpRingReceiver(memory, umpRingBytes(RING_SLOTS), RING_SLOTS, RING_ACK_EVERY);
  const buf = new Uint32Array(16);
  buf[0] = job.mode === 'rt' ? MODE_RT : MODE_STREAM;
  buf[2] = job.count;
  const ready = new Promise<void>((resolve) => end.registerRecv(() => end.recv(buf) !== RECV_EMPTY && resolve()));
  end.send(buf, 0, 2, 3, 0);
  end.sendCap(frame, 0, false);
  // The frame goes through the monitors, one of them on this thread: spin only once it is there.
  await ready;
  const t0 = performance.now();
  if (job.mode === 'rt') {
    for (let i = 0; i < job.count; i++) {
      while (tx.send(buf, 0, 1, 3, i) < 0);
      while (rx.recv(buf) < 0);
    }
  } else {
    for (let i = 0; i < job.count; i++) while (tx.send(buf, 0, 1, 3, i) < 0);
    while (rx.recv(buf) < 0);
  }
  const ns = per(t0, job.count);
  end.close();
  return ns;
}

// ---- ump: the machine's channel ends -------------------------------------------------------

/** Serves `ump` clients: echoes every slot of a round-trip job; answers a stream once at its end. */
export async function umpServer(disp: Dispatcher): Promise<void> {
  const iref = await disp.exportService((end) => {
    if (end.kind !== 'ump') throw new Error('the ump benchmark needs UMP');
    const buf = new Uint32Array(16);
    let streamed = 0;
    end.registerRecv(
      () => {
        while (end.recv(buf) !== RECV_EMPTY) {
          // msgnum 3: a ping to echo; 4: a streamed message, the token counting down to 0.
          if (end.rxMsgnum === 3) end.send(buf, 0, 1, 3, end.rxToken);
          else if (++streamed && end.rxToken === 0) {
            end.send(buf, 0, 1, 4, streamed);
            streamed = 0;
          }
        }
        // The client is done: a channel left open would be polled for nothing from now on.
        if (end.peerClosed) end.close();
      },
      { persistent: true },
    );
  });
  await disp.nameService.register('bench.ump', iref);
}

/** A job on the machine's UMP channel ends, handler-driven as a binding uses them. */
export async function umpClient(disp: Dispatcher, job: Job): Promise<number> {
  const end = await disp.bind(await disp.nameService.waitFor('bench.ump'));
  if (end.kind !== 'ump') throw new Error('the ump benchmark needs UMP');
  const buf = new Uint32Array(16);
  const out = new Uint32Array(16);
  let t0 = 0;
  await new Promise<void>((done) => {
    if (job.mode === 'rt') {
      let i = 0;
      end.registerRecv(
        () => {
          i += drain(end, buf);
          if (i >= job.count) {
            end.deregisterRecv();
            done();
          } else end.send(out, 0, 1, 3, i);
        },
        { persistent: true },
      );
      t0 = performance.now();
      end.send(out, 0, 1, 3, 0);
    } else {
      end.registerRecv(() => {
        drain(end, buf);
        done();
      });
      let left = job.count;
      const pump = (): void => {
        while (left > 0 && end.send(out, 0, 1, 4, left - 1)) left--;
        if (left > 0) end.registerSend(pump);
      };
      t0 = performance.now();
      pump();
    }
  });
  const ns = per(t0, job.count);
  end.close();
  return ns;
}

// ---- the generated handler API --------------------------------------------------------------

/** Serves `ping` with handlers: a ping is echoed as a pong; a stream (clientId 1) is answered at its end. */
export async function handlerServer(disp: Dispatcher): Promise<void> {
  await ping.serve(disp, 'bench.handler', () => {
    let streamed = 0;
    return {
      ping: (b, m) => {
        if (m.clientId === 0) b.tx.pong(m);
        else if (++streamed && m.msgId === 0) {
          b.tx.pong({ clientId: 1, msgId: streamed });
          streamed = 0;
        }
      },
    };
  });
}

/** A job through the generated handler API. */
export async function handlerClient(disp: Dispatcher, job: Job): Promise<number> {
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let i = 0;
  const binding = await ping.bind(disp, 'bench.handler', {
    pong: (b) => {
      if (job.mode === 'stream' || ++i === job.count) done();
      else b.tx.ping({ clientId: 0, msgId: i });
    },
  });
  const t0 = performance.now();
  if (job.mode === 'rt') binding.tx.ping({ clientId: 0, msgId: 0 });
  else {
    // A burst at a time, the next from the continuation of the last: the send queue stays short.
    let left = job.count;
    const burst = (): void => {
      const n = Math.min(STREAM_BURST, left);
      for (let k = 1; k <= n; k++) binding.tx.ping({ clientId: 1, msgId: --left }, k === n && left > 0 ? burst : undefined);
    };
    burst();
  }
  await finished;
  const ns = per(t0, job.count);
  binding.close();
  return ns;
}

// ---- the generated channel API ----------------------------------------------------------------

/** Serves `ping` with channels: a task per connection, as the thesis' Go server. */
export async function channelServer(disp: Dispatcher): Promise<void> {
  for await (const client of await ping.listen(disp, 'bench.channel')) {
    disp.go(async () => {
      let streamed = 0;
      for await (const m of client.recv) {
        if (m.type !== 'ping') continue;
        if (m.clientId === 0) await client.send.send({ type: 'pong', clientId: 0, msgId: m.msgId });
        else if (++streamed && m.msgId === 0) {
          await client.send.send({ type: 'pong', clientId: 1, msgId: streamed });
          streamed = 0;
        }
      }
    });
  }
}

/** A job through the generated channel API. */
export async function channelClient(disp: Dispatcher, job: Job): Promise<number> {
  const server = await ping.connect(disp, 'bench.channel');
  const t0 = performance.now();
  if (job.mode === 'rt') {
    for (let i = 0; i < job.count; i++) {
      await server.send.send({ type: 'ping', clientId: 0, msgId: i });
      await server.recv.recv();
    }
  } else {
    for (let left = job.count - 1; left >= 0; left--) await server.send.send({ type: 'ping', clientId: 1, msgId: left });
    await server.recv.recv();
  }
  const ns = per(t0, job.count);
  server.close();
  return ns;
}
