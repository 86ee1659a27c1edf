/**
 * The end-to-end benchmark: the thesis' ping-pong with one client, 100,000 round trips, in
 * every style on the simulated `ivybridge-2x10` (raw frames, the handler API, the channel
 * API and the pairings of the two), across cores (UMP) and on one core (LMP). It reports
 * wall-clock time per round trip and the ratios issue 6 sets goals for: the channel API
 * within 1.3x of the handler API, the handler API within 1.2x of raw frames.
 *
 *   npx tsx --conditions=source bench/e2e/main.ts [--quick] [--json FILE]
 *
 * The shapes run in turn, round after round, so that they share the machine's load; each
 * figure is the best of the rounds after a warm-up (the least the machine's load added; the
 * median is in the JSON too). `--quick` runs 10,000 round trips for 3 rounds. Wall-clock
 * figures on a shared machine are noisy; simulated cycles are exact.
 * @module
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SHAPES } from './shapes.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const trips = values.quick ? 10_000 : 100_000;
const rounds = values.quick ? 3 : 7;
const INTERCONNECTS = [
  { name: 'ump', clientCore: 2, label: 'UMP: server on core 1, client on core 2' },
  { name: 'lmp', clientCore: 1, label: 'LMP: server and client on core 1' },
] as const;

interface Figure {
  /** The best of the rounds. */
  readonly nsPerRoundTrip: number;
  readonly medianNsPerRoundTrip: number;
  readonly cyclesPerRoundTrip: number;
}

const results: Record<string, Record<string, Figure>> = {};
for (const { name, clientCore } of INTERCONNECTS) {
  for (const shape of SHAPES) await shape.run(20_000, clientCore); // warm-up: the hot paths compiled
  const walls = new Map<string, number[]>(SHAPES.map((s) => [s.key, []]));
  const cycles = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const shape of SHAPES) {
      const r = await shape.run(trips, clientCore);
      if (r.interconnect !== name) throw new Error(`${shape.key}: expected ${name}, the bind gave ${r.interconnect}`);
      walls.get(shape.key)!.push((r.wallMs * 1e6) / trips);
      cycles.set(shape.key, r.cycles / trips);
    }
  }
  results[name] = Object.fromEntries(
    SHAPES.map((s) => {
      const ns = walls.get(s.key)!;
      return [s.key, { nsPerRoundTrip: Math.min(...ns), medianNsPerRoundTrip: median(ns), cyclesPerRoundTrip: cycles.get(s.key)! }];
    }),
  );
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

console.log(
  `end-to-end ping-pong, 1 client, ${trips} round trips, best of ${rounds} rounds${values.quick ? ' (quick: rough)' : ''}; ` +
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}`,
);
for (const { name, label } of INTERCONNECTS) {
  const r = results[name]!;
  console.log(`\n${label}`);
  const rows = SHAPES.map((s) => [s.label, `${r[s.key]!.nsPerRoundTrip.toFixed(0)} ns`, `${r[s.key]!.cyclesPerRoundTrip.toFixed(0)} cycles simulated`]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`);
  const ns = (key: string): number => r[key]!.nsPerRoundTrip;
  const goal = (what: string, ratio: number, limit: number): void =>
    console.log(`  ${what}: ${ratio.toFixed(2)}x (goal <= ${limit}x: ${ratio <= limit ? 'met' : 'missed'})`);
  goal('handler API / raw frames', ns('handler/handler') / ns('raw'), 1.2);
  goal('channel API / handler API', ns('channel/channel') / ns('handler/handler'), 1.3);
}

if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ trips, rounds, node: process.version, results }, null, 2)}\n`);
}
