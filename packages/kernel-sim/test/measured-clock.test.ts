import { describe, expect, it } from 'vitest';
import {
  RECV_EMPTY,
  connectChannel,
  defineInterface,
  listenChannels,
  observeStages,
  type BindingStage,
  type ChannelEnd,
  type Dispatcher,
} from '@flounder-ts/runtime';
import { Machine, type TraceEvent } from '../src/index.js';
import { serve } from './helpers.js';

/** Busy-waits `ms` milliseconds of real time. */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * A server on core 1 that answers every UMP frame with one of its own after `ms` of real
 * work, and a client on core 2 that sends `frames` frames one after the other; resolves with
 * the cycles the client waited for each answer, as its clock says.
 */
async function slowEcho(machine: Machine, frames: number, ms: number): Promise<number[]> {
  const iref = serve(machine, 'echo', 1, (end) => {
    const buf = new Uint32Array(2 * end.fragmentWords);
    end.registerRecv(
      () => {
        while (end.recv(buf) !== RECV_EMPTY) {
          work(ms);
          if (end.kind === 'ump') end.send(buf, 0, 1, 1, 0);
        }
      },
      { persistent: true },
    );
  });
  const waits: number[] = [];
  machine.spawn({ name: 'client', core: 2 }, async (disp) => {
    const end: ChannelEnd = await disp.bind(await iref);
    if (end.kind !== 'ump') throw new Error('expected UMP');
    const buf = new Uint32Array(2 * end.fragmentWords);
    for (let i = 0; i < frames; i++) {
      const answered = new Promise<void>((resolve) => end.registerRecv(() => end.recv(buf) !== RECV_EMPTY && resolve()));
      const sent = disp.now();
      end.send(buf, 0, 1, 1, 0);
      await answered;
      waits.push(disp.now() - sent);
    }
  });
  await machine.run();
  return waits;
}

describe('the measured clock', () => {
  it('charges the code before a send first: an answer sent after long work arrives after the work', async () => {
    const ms = 2;
    const measured = await slowEcho(new Machine({ topology: 'ivybridge-2x10', clock: 'measured' }), 3, ms);
    const modelled = await slowEcho(new Machine({ topology: 'ivybridge-2x10' }), 3, ms);
    // A UMP round trip, and a context switch on the first (the monitor ran on core 2 for the bind).
    expect(modelled).toEqual([2540, 540, 540]);
    for (const cycles of measured) expect(cycles).toBeGreaterThanOrEqual(ms * 1e-3 * 2.5e9);
  });

  it('traces the code as slices that, with the modelled ones, make up every core\'s busy time', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10', clock: 'measured', trace: true });
    await slowEcho(machine, 20, 0.05);
    const events = machine.trace.events;
    const code = events.filter((e) => e.cat === 'code');
    expect(new Set(code.map((e) => e.name))).toEqual(new Set(['event loop', 'handler', 'task']));
    for (const core of machine.counters().cores.filter((c) => c.events > 0)) {
      let traced = 0;
      for (const e of events) {
        if (e.pid !== core.core || e.ph !== 'X') continue;
        // A dispatch slice holds the handler's slices; only its own modelled cost is its.
        traced += e.cat === 'dispatch' ? machine.costs.dispatch : (e.args!['cycles'] as number);
      }
      expect(traced).toBeCloseTo(core.busyCycles, 3);
    }
    // The server's work (50 us a frame, 125,000 cycles) is in its code slices.
    const server = code.filter((e) => e.pid === 1).reduce((sum, e) => sum + (e.args!['cycles'] as number), 0);
    expect(server).toBeGreaterThanOrEqual(20 * 0.05e-3 * 2.5e9);
  });
});

type Hop = { readonly type: 'hop'; readonly n: number };
const hops = defineInterface<Hop>({
  name: 'hops',
  messages: { hop: { number: 3, fields: { n: 'uint32' }, lmp: [['MSGNUM TOKEN', 'n']], ump: [['n']] } },
});

/** A channel-API echo between cores 1 and 2: `count` round trips. */
function channelEcho(machine: Machine, count: number): void {
  let exported!: (iref: number) => void;
  const iref = new Promise<number>((resolve) => (exported = resolve));
  machine.spawn({ name: 'server', core: 1, daemon: true }, async (disp: Dispatcher) => {
    const accepted = await listenChannels(hops, disp, undefined);
    exported(accepted.iref);
    for await (const client of accepted) {
      disp.go(async () => {
        for await (const m of client.recv) await client.send.send(m);
      });
    }
  });
  machine.spawn({ name: 'client', core: 2 }, async (disp: Dispatcher) => {
    const server = await connectChannel(hops, disp, await iref);
    for (let n = 0; n < count; n++) {
      await server.send.send({ type: 'hop', n });
      if ((await server.recv.recv())?.n !== n) throw new Error(`expected hop ${n} back`);
    }
    server.close();
  });
}

describe('the stages of the channel API', () => {
  it('are reported to an observer, each entered stage left again', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    channelEcho(machine, 10);
    const seen: (BindingStage | 'leave')[] = [];
    let depth = 0;
    const previous = observeStages({
      enter: (stage) => {
        seen.push(stage);
        depth++;
      },
      leave: () => {
        seen.push('leave');
        depth--;
      },
    });
    try {
      await machine.run();
    } finally {
      observeStages(previous);
    }
    expect(depth).toBe(0);
    // Every message both ways: sent from a task, then delivered to the other side's.
    expect(seen.filter((s) => s === 'send')).toHaveLength(20);
    expect(seen.filter((s) => s === 'deliver')).toHaveLength(20);
  });

  it('name the code slices of a measured trace; a delivery is part of its handler', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10', clock: 'measured', trace: true });
    channelEcho(machine, 20);
    await machine.run();
    const events = machine.trace.events;
    const code = events.filter((e) => e.cat === 'code');
    expect(new Set(code.map((e) => e.name))).toEqual(new Set(['event loop', 'handler', 'deliver', 'task', 'send']));
    const dispatches = events.filter((e) => e.cat === 'dispatch');
    const within = (e: TraceEvent, outer: TraceEvent): boolean =>
      outer.tid === e.tid && outer.ts! <= e.ts! && e.ts! + e.dur! <= outer.ts! + outer.dur! + 1e-6;
    for (const deliver of code.filter((e) => e.name === 'deliver')) {
      expect(dispatches.some((d) => within(deliver, d))).toBe(true);
    }
    // Nothing is left observing once the run is over.
    expect(observeStages(null)).toBeNull();
  });
});
