import { describe, expect, it } from 'vitest';
import type { EchoReport } from './fixtures/frames.js';
import { PLATFORMS, fixture, machineOn } from './platforms.js';

const frames = fixture('frames');

describe.each(PLATFORMS)('frames on the %s platform', (platform) => {
  it('go over LMP on one core, UMP between cores, a local channel within a domain', async () => {
    // Four threads for four cores, or two threads for four cores: cores 0 and 2 then share one.
    for (const maxThreads of [4, 2]) {
      const machine = machineOn(platform, 'haswell-1x4', { maxThreads });
      machine.spawn({ name: 'echo', core: 0, daemon: true }, { module: frames, export: 'echoServer' });
      const clients = [0, 1, 2, 3].map((core) =>
        machine.spawn({ name: `client${core}`, core }, { module: frames, export: 'echoClient', arg: { count: 2000, window: 8 } }),
      );
      const self = machine.spawn({ name: 'self', core: 3 }, { module: frames, export: 'selfEcho', arg: { count: 500, window: 8 } });
      await machine.run();
      const reports = (await Promise.all(clients.map((c) => c.result))) as EchoReport[];
      expect(reports.map((r) => [r.kind, r.received, r.bad])).toEqual([
        ['lmp', 2000, 0],
        ['ump', 2000, 0],
        ['ump', 2000, 0],
        ['ump', 2000, 0],
      ]);
      expect(reports[1]!.label).toMatch(/^ump#\d+ client1@1 -> echo@0$/);
      expect(await self.result).toMatchObject({ kind: 'local', received: 500, bad: 0 });
    }
  });

  it('stay intact and in order through a full ring: backpressure loses nothing', async () => {
    const machine = machineOn(platform);
    const count = 3000;
    // 20 ms at 3.4 GHz: real time on threads, virtual time in the simulator.
    machine.spawn({ name: 'slow', core: 1, daemon: true }, { module: frames, export: 'slowReceiver', arg: { count, pauseCycles: 68e6 } });
    const sender = machine.spawn({ name: 'fast', core: 2 }, { module: frames, export: 'fastSender', arg: { count } });
    await machine.run();
    const seen = (await sender.result) as { probe: number; fullAtOnce: boolean; refused: number; received: number; bad: number };
    expect(seen.probe).toBe(8);
    expect(seen.fullAtOnce).toBe(true);
    expect(seen.refused).toBeGreaterThan(10);
    expect([seen.received, seen.bad]).toEqual([count, 0]);
  });
});
