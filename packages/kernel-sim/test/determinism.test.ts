import { describe, expect, it } from 'vitest';
import { Chan, recvCase, select, type ChannelEnd } from '@flounder-ts/runtime';
import { Machine, formatCoreCounters, type TraceEvent } from '../src/index.js';
import { recvFrames, sendFrames, serve } from './helpers.js';

/**
 * A program with a bit of everything: binds over LMP and UMP, random frame sizes and timing
 * from the machine's source, async tasks with channels and select, caps through the monitors.
 */
function program(seed: number, clock: 'deterministic' | 'measured' = 'deterministic'): Machine {
  const machine = new Machine({ topology: 'ivybridge-2x10', seed, trace: true, clock });
  const iref = serve(machine, 'hub', 1, (end, disp) => {
    const inbox = new Chan<bigint>(64);
    const urgent = new Chan<bigint>(64);
    void recvFrames(end, 40, (f) => {
      if (!(f.words[0]! & 1n ? urgent : inbox).trySend(f.words[0]!)) throw new Error('inbox full');
    });
    disp.go(async () => {
      const out: { words: bigint[] }[] = [];
      for (let i = 0; i < 40; i++) {
        const { value } = await select([recvCase(inbox), recvCase(urgent)]);
        disp.compute(Math.floor(disp.random() * 500));
        out.push({ words: [value as bigint] });
      }
      await sendFrames(end, out);
      if (end.kind === 'ump') end.sendCap(disp.createCap('Frame'), 0, false);
    });
  });
  for (const core of [1, 2, 11]) {
    machine.spawn({ name: `client${core}`, core }, async (disp) => {
      const end: ChannelEnd = await disp.bind(await iref);
      const frames = Array.from({ length: 40 }, () => ({
        words: Array.from({ length: 1 + Math.floor(disp.random() * (end.fragmentWords - 1)) }, () => BigInt(Math.floor(disp.random() * 1000))),
      }));
      const back = recvFrames(end, 40);
      await sendFrames(end, frames);
      await back;
    });
  }
  return machine;
}

describe('determinism', () => {
  it('the same program and seed give a byte-identical trace and the same counters', async () => {
    const a = program(42);
    const b = program(42);
    await a.run();
    await b.run();
    const ta = a.trace.toJSON();
    expect(ta.length).toBeGreaterThan(10_000);
    expect(b.trace.toJSON()).toBe(ta);
    expect(b.counters()).toEqual(a.counters());
    const c = program(43);
    await c.run();
    expect(c.trace.toJSON()).not.toBe(ta);
  });

  it('the trace is Chrome Trace Event JSON: every send flows to its delivery', async () => {
    const machine = program(1);
    await machine.run();
    const doc = JSON.parse(machine.trace.toJSON()) as { traceEvents: TraceEvent[] };
    const events = doc.traceEvents;
    const byPh = (ph: string) => events.filter((e) => e.ph === ph);
    const names = new Set(byPh('X').map((e) => e.name));
    for (const name of ['lmp send', 'lmp recv', 'ump send', 'ump recv', 'dispatch', 'context switch', 'alloc_iref_request', 'cap_send']) {
      expect(names, name).toContain(name);
    }
    expect(byPh('M').some((e) => e.args?.name === 'core 11 (socket 1, node 1)')).toBe(true);
    expect(byPh('M').some((e) => e.args?.name === 'client11@11')).toBe(true);
    const starts = new Map(byPh('s').map((e) => [e.id, e]));
    const ends = byPh('f');
    expect(ends.length).toBe(starts.size);
    for (const f of ends) {
      const s = starts.get(f.id)!;
      expect(f.ts!).toBeGreaterThanOrEqual(s.ts!);
    }
    // Sends on different cores are delivered later than they were sent, by the line transfers.
    const umpRecvs = byPh('X').filter((e) => e.name === 'ump recv');
    expect(umpRecvs.every((e) => typeof e.args?.cycle === 'number')).toBe(true);
  });

  it('counts messages, words and cycles per core and per channel', async () => {
    const machine = program(5);
    await machine.run();
    const { cores, channels } = machine.counters();
    const sent = channels.reduce((n, c) => n + c.messagesSent, 0);
    const received = channels.reduce((n, c) => n + c.messagesReceived, 0);
    expect(cores.reduce((n, c) => n + c.messagesSent, 0)).toBe(sent);
    expect(received).toBe(sent);
    const client = channels.find((c) => c.dispatcher === 'client11@11' && c.kind === 'ump' && c.label.includes('hub'))!;
    expect(client.messagesSent).toBe(40);
    expect(client.messagesReceived).toBe(40);
    expect(client.wordsReceived).toBe(40 * 7);
    // Each send: the slot write and one line transfer across the sockets; each receive: the read.
    expect(client.cycles).toBe(40 * (20 + 150) + 40 * 20);
    expect(cores[11]!.busyCycles).toBeGreaterThan(0);
    expect(cores[11]!.busyCycles).toBeLessThanOrEqual(cores[11]!.clock);
    const table = formatCoreCounters(machine.counters()).split('\n');
    expect(table[0]).toMatch(/^core\s+clock\s+busy\s+events/);
    expect(table.slice(1).map((line) => Number(line.trim().split(/\s+/)[0]))).toEqual(cores.filter((c) => c.events > 0).map((c) => c.core));
  });

  it('the measured clock charges the real time a handler takes to its dispatcher', async () => {
    async function busyServer(clock: 'deterministic' | 'measured'): Promise<number> {
      const machine = new Machine({ topology: 'ivybridge-2x10', clock });
      const iref = serve(machine, 'busy', 1, (end) => {
        void recvFrames(end, 5, () => {
          // At least 2 ms of real work for every frame.
          const until = performance.now() + 2;
          while (performance.now() < until);
        });
      });
      machine.spawn({ name: 'client', core: 2 }, async (disp) => {
        const end = await disp.bind(await iref);
        await sendFrames(end, Array.from({ length: 5 }, () => ({ words: [1n] })));
        await disp.sleep(100);
      });
      await machine.run();
      return machine.counters().cores[1]!.busyCycles;
    }
    const modelled = await busyServer('deterministic');
    const measured = await busyServer('measured');
    expect(modelled).toBeLessThan(100_000);
    expect(measured - modelled).toBeGreaterThanOrEqual(5 * 2e-3 * 2.5e9);
  });

  it('the measured clock also charges real time, and still runs the program to the end', async () => {
    const det = program(9);
    const measured = program(9, 'measured');
    const a = await det.run();
    const b = await measured.run();
    expect(b.cycles).toBeGreaterThan(a.cycles);
    const clientsGot = (m: Machine) =>
      m.counters().channels.filter((c) => c.dispatcher.startsWith('client') && c.label.includes('hub')).map((c) => c.messagesReceived);
    expect(clientsGot(measured)).toEqual([40, 40, 40]);
    expect(clientsGot(det)).toEqual([40, 40, 40]);
  });
});
