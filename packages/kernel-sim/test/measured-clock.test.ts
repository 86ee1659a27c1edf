import { describe, expect, it } from 'vitest';
import { RECV_EMPTY, type ChannelEnd } from '@flounder-ts/runtime';
import { Machine } from '../src/index.js';
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
    expect(new Set(code.map((e) => e.name))).toEqual(new Set(['event loop', 'task']));
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
