/**
 * The evaluation's smoke test: `npm run bench -- --quick` runs the ping-pong, ring and
 * breakdown benchmarks and writes their JSON and charts to a temporary directory. It checks
 * what the output says, never how fast anything was: the simulated figures of the
 * deterministic clock are exact and are checked against the cost model; measured and
 * wall-clock figures only for being there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakdownResults } from '../bench/breakdown/main.js';
import type { PingPongResults } from '../bench/pingpong/main.js';
import type { RingResults } from '../bench/ring/main.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HZ = 2.5e9;
/** A UMP round trip on one socket of ivybridge-2x10 (COST_MODEL.md). */
const ROUND_TRIP = 540;
/** One hop of it: send 20 + line stall 100 + line transfer 100 + receive 20 + dispatch 30. */
const HOP = 270;

let out = '';
let stdout = '';

beforeAll(() => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench.mjs'), '--quick'], { cwd: ROOT, encoding: 'utf8' });
  stdout = run.stdout;
  if (run.status !== 0) throw new Error(`npm run bench -- --quick failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  out = /results in (\S+)\s*$/.exec(stdout)?.[1] ?? '';
}, 180_000);

afterAll(() => {
  if (out.startsWith(os.tmpdir())) rmSync(out, { recursive: true, force: true });
});

const json = <T>(name: string): T => JSON.parse(readFileSync(path.join(out, name), 'utf8')) as T;

describe('npm run bench -- --quick', () => {
  it('writes to a temporary directory, never over the committed results', () => {
    expect(out.startsWith(os.tmpdir())).toBe(true);
    expect(path.resolve(out)).not.toBe(path.join(ROOT, 'bench/results'));
    for (const file of ['pingpong.json', 'ring.json', 'breakdown.json']) expect(existsSync(path.join(out, file))).toBe(true);
  });

  it('draws every chart as SVG', () => {
    for (const [file, title] of [
      ['pingpong.svg', 'Figure 4.18'],
      ['pingpong-optimized.svg', 'Figure 4.21'],
      ['pingpong-server-busy.svg', 'server'],
      ['ring.svg', 'Figure 4.11'],
      ['ring-per-hop.svg', 'one hop'],
      ['breakdown.svg', 'Figure 4.19'],
    ]) {
      const svg = readFileSync(path.join(out, file!), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(title);
    }
  });

  it('ping-pong: every variant and client count, the modelled times exact', () => {
    const r = json<PingPongResults>('pingpong.json');
    const counts = [...new Set(r.points.map((p) => p.clients))];
    expect(r.variants.map((v) => v.key)).toEqual(['channel/channel', 'channel/handler', 'handler/channel', 'handler/handler', 'dispatching']);
    expect(r.points).toHaveLength(r.variants.length * counts.length);
    for (const p of r.points) {
      expect(p.measured.seconds).toBeGreaterThan(0);
      expect(p.wall.seconds).toBeGreaterThan(0);
      expect(p.measured.serverBusy).toBeGreaterThan(0);
      expect(p.measured.serverBusy).toBeLessThanOrEqual(1);
      // The modelled machine charges the same whichever API (the runtime adds no message, event
      // or switch); only when the clients' first pings meet the server may differ, by a few cycles.
      for (const q of r.points.filter((q) => q.clients === p.clients)) {
        expect(Math.abs(q.deterministic.seconds / p.deterministic.seconds - 1)).toBeLessThan(1e-3);
      }
    }
    // One client: the server receives a ping every round trip.
    for (const p of r.points.filter((q) => q.clients === 1)) expect(Math.round(p.deterministic.seconds * HZ)).toBe((r.pings - 1) * ROUND_TRIP);
    // Clients on the second NUMA node (9 and more) make the run longer.
    const modelled = (clients: number): number => r.points.find((p) => p.clients === clients)!.deterministic.seconds;
    expect(modelled(9)).toBeGreaterThan(modelled(6));
    expect(r.ratios.map((x) => `${x.variant}@${x.clients}`)).toEqual(
      [1, 6].flatMap((c) => r.variants.map((v) => `${v.key}@${c}`)),
    );
    expect(stdout).toContain('77x with 1 client, 44x with 6');
  });

  it('ring: latency in every timing, a spread hop as the cost model prices it', () => {
    const r = json<RingResults>('ring.json');
    expect(r.points.filter((p) => p.ring === 'local').map((p) => p.size)).toEqual([1, 10, 100, 1000]);
    expect(r.points.filter((p) => p.ring === 'spread').map((p) => p.size)).toEqual([10, 100, 1000]);
    for (const p of r.points) {
      expect(p.measured.mean).toBeGreaterThan(0);
      expect(p.wall.mean).toBeGreaterThan(0);
      if (p.ring === 'spread') {
        expect(p.deterministic!.mean).toBeCloseTo((p.size * HOP * 1e6) / HZ, 6);
        expect(p.deterministic!.std).toBe(0);
      }
    }
    const modelled = r.fits.find((f) => f.ring === 'spread' && f.timing === 'deterministic')!;
    expect(modelled.nsPerHop).toBeCloseTo((HOP * 1e9) / HZ, 1);
    expect(modelled.r2).toBe(1);
  });

  it('breakdown: the stages add up to the round trip; the modelled one is the cost model', () => {
    const r = json<BreakdownResults>('breakdown.json');
    expect(r.configs.map((c) => c.key)).toEqual(['channel-deterministic', 'channel-measured', 'handler-measured']);
    for (const c of r.configs) {
      const sum = c.stages.reduce((s, x) => s + x.cycles, 0);
      expect(sum).toBeCloseTo(c.breakdown.cycles, -1);
      // Switches only while binding: none in the round trips.
      expect(c.counters.clientContextSwitches + c.counters.serverContextSwitches).toBeLessThan(r.roundTrips / 50);
      expect(c.counters.clientEvents).toBeCloseTo(1, 1);
      expect(c.counters.serverEvents).toBeCloseTo(1, 1);
    }
    const modelled = Object.fromEntries(r.configs[0]!.stages.map((s) => [s.stage, s.cycles]));
    expect(modelled).toEqual({ 'ump send': 240, transfer: 200, dispatch: 60, 'ump recv': 40 });
    expect(r.configs[0]!.breakdown.cycles).toBe(ROUND_TRIP);
    const channel = r.configs[1]!.stages.map((s) => s.stage);
    for (const stage of ['event loop', 'handler', 'deliver', 'task', 'send']) expect(channel).toContain(stage);
  });
});
