/**
 * The raw-channel shapes of Barrelfish's own benchmarks, on the simulated machine: `lrpc`
 * (an LMP round trip on one core), `ump_latency` (a UMP round trip between two cores) and
 * `ump_throughput` (a one-way UMP stream), and an LMP stream beside them. Both ends are
 * handler-style code on raw frames, so what is timed is the simulator itself.
 */
import { RECV_EMPTY, type ChannelEnd } from '@flounder-ts/runtime';
import { Machine, type TopologyPreset } from '@flounder-ts/kernel-sim';

/** What one shape measured. */
export interface ShapeResult {
  /** Simulated cycles per message (one way) or per round trip. */
  readonly cycles: number;
  /** Simulated nanoseconds, at the topology's clock rate. */
  readonly simNs: number;
  /** Wall-clock nanoseconds the simulator took per message or round trip. */
  readonly wallNs: number;
  /** Frames the simulator delivered per second of wall-clock time. */
  readonly framesPerSecond: number;
  /** The kind of channel the bind gave. */
  readonly kind: string;
}

/** Spawns a server on `serverCore` whose accept handler sets up `onAccept`; a client on `clientCore` runs `client`. */
async function measure(
  topology: TopologyPreset,
  serverCore: number,
  clientCore: number,
  onAccept: (end: ChannelEnd) => void,
  client: (end: ChannelEnd) => Promise<number>,
  framesPerUnit: number,
  units: number,
): Promise<ShapeResult> {
  const machine = new Machine({ topology });
  let resolveIref!: (iref: number) => void;
  const iref = new Promise<number>((r) => (resolveIref = r));
  machine.spawn({ name: 'server', core: serverCore, daemon: true }, async (disp) => {
    resolveIref(await disp.exportService(onAccept));
  });
  let cycles = 0;
  let wall = 0;
  let kind = '';
  machine.spawn({ name: 'client', core: clientCore }, async (disp) => {
    const end = await disp.bind(await iref);
    kind = end.kind;
    const t0 = performance.now();
    const c0 = disp.now();
    await client(end);
    cycles = disp.now() - c0;
    wall = performance.now() - t0;
  });
  await machine.run();
  const hz = machine.topology.hz;
  return {
    cycles: cycles / units,
    simNs: (cycles / units / hz) * 1e9,
    wallNs: (wall * 1e6) / units,
    framesPerSecond: (units * framesPerUnit) / (wall / 1e3),
    kind,
  };
}

/** Sends one frame of `words` words on `end`; false when the channel is full. */
function sendOne(end: ChannelEnd, buf: Uint32Array, words: number, n: number): boolean {
  return end.kind === 'ump' ? end.send(buf, 0, words, 3, n) : end.send(buf, 0, words);
}

/** An echo server: every frame goes straight back. */
function echo(end: ChannelEnd): void {
  const buf = new Uint32Array(2 * end.fragmentWords);
  end.registerRecv(
    () => {
      for (let n = end.recv(buf); n !== RECV_EMPTY; n = end.recv(buf)) {
        if (end.kind === 'ump') end.send(buf, 0, 1, end.rxMsgnum, end.rxToken);
        else end.send(buf, 0, n);
      }
    },
    { persistent: true },
  );
}

/** A sink: counts frames, does nothing else. */
function sink(end: ChannelEnd): void {
  const buf = new Uint32Array(2 * end.fragmentWords);
  end.registerRecv(
    () => {
      while (end.recv(buf) !== RECV_EMPTY);
    },
    { persistent: true },
  );
}

/** Round trips of one-word frames, each sent from the handler that received the last reply. */
export function roundTrip(topology: TopologyPreset, serverCore: number, clientCore: number, trips: number): Promise<ShapeResult> {
  return measure(
    topology,
    serverCore,
    clientCore,
    echo,
    (end) =>
      new Promise<number>((done) => {
        const buf = new Uint32Array(2 * end.fragmentWords);
        let n = 0;
        end.registerRecv(
          () => {
            while (end.recv(buf) !== RECV_EMPTY) {
              if (++n === trips) return done(n);
              sendOne(end, buf, 1, n);
            }
          },
          { persistent: true },
        );
        sendOne(end, buf, 1, n);
      }),
    2,
    trips,
  );
}

/** A one-way stream of `words`-word frames, as fast as the channel takes them. */
export function stream(topology: TopologyPreset, serverCore: number, clientCore: number, words: number, frames: number): Promise<ShapeResult> {
  return measure(
    topology,
    serverCore,
    clientCore,
    sink,
    (end) =>
      new Promise<number>((done) => {
        const buf = new Uint32Array(2 * end.fragmentWords);
        let sent = 0;
        const pump = (): void => {
          while (sent < frames) {
            if (!sendOne(end, buf, words, sent)) return end.registerSend(pump);
            sent++;
          }
          done(sent);
        };
        pump();
      }),
    1,
    frames,
  );
}
