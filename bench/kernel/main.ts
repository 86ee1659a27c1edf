/**
 * The kernel benchmark: raw LMP and UMP round trips and streams on the simulated machine
 * (Barrelfish's `lrpc`, `ump_latency` and `ump_throughput`), in simulated cycles and in
 * wall-clock time per simulated message, with the simulator's goal of 2 million frames per
 * second of wall-clock time beside it.
 *
 *   npx tsx --conditions=source bench/kernel/main.ts [--quick] [--json FILE]
 *
 * Every figure is the median of several runs after a warm-up; `--quick` runs each shape once
 * on a small count. Wall-clock figures on a shared machine are noisy; simulated cycles are
 * exact and the same every run.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { roundTrip, stream, type ShapeResult } from './shapes.js';

interface Shape {
  readonly key: string;
  readonly label: string;
  /** What one unit is: a round trip, or one message of a stream. */
  readonly unit: 'round trip' | 'message';
  run(count: number): Promise<ShapeResult>;
}

const SHAPES: Shape[] = [
  { key: 'lrpc', label: 'lrpc: LMP round trip, one core (ivybridge core 1)', unit: 'round trip', run: (n) => roundTrip('ivybridge-2x10', 1, 1, n) },
  { key: 'lmp_stream', label: 'LMP stream, 2-word frames, one core', unit: 'message', run: (n) => stream('ivybridge-2x10', 1, 1, 2, n) },
  { key: 'ump_latency', label: 'ump_latency: UMP round trip, cores 2 -> 1 (one socket)', unit: 'round trip', run: (n) => roundTrip('ivybridge-2x10', 1, 2, n) },
  { key: 'ump_latency_numa', label: 'ump_latency: UMP round trip, cores 12 -> 1 (two sockets)', unit: 'round trip', run: (n) => roundTrip('ivybridge-2x10', 1, 12, n) },
  { key: 'ump_latency_haswell', label: 'ump_latency: UMP round trip, haswell cores 2 -> 1', unit: 'round trip', run: (n) => roundTrip('haswell-1x4', 1, 2, n) },
  { key: 'ump_throughput', label: 'ump_throughput: UMP stream, 7-word slots, cores 2 -> 1', unit: 'message', run: (n) => stream('ivybridge-2x10', 1, 2, 7, n) },
];

const GOAL_FRAMES_PER_SECOND = 2e6;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const count = values.quick ? 50_000 : 500_000;
const repeats = values.quick ? 1 : 5;

const results: Record<string, ShapeResult> = {};
for (const shape of SHAPES) {
  await shape.run(50_000); // warm-up: the simulator's hot paths compiled before timing
  const runs: ShapeResult[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await shape.run(count));
  runs.sort((a, b) => a.wallNs - b.wallNs);
  results[shape.key] = runs[runs.length >> 1]!;
}

const rows = SHAPES.map((shape) => {
  const r = results[shape.key]!;
  return [
    shape.label,
    r.kind,
    `${r.cycles.toFixed(0)} cycles/${shape.unit}`,
    `${r.simNs.toFixed(0)} ns simulated`,
    `${r.wallNs.toFixed(0)} ns wall/${shape.unit}`,
    `${(r.framesPerSecond / 1e6).toFixed(2)} M frames/s`,
    r.framesPerSecond >= GOAL_FRAMES_PER_SECOND ? 'meets 2 M/s' : 'below 2 M/s',
  ];
});
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(
  `kernel-sim raw channels, ${count} per shape, median of ${repeats}${values.quick ? ' (quick: wall-clock figures are rough)' : ''}; ` +
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}, load ${os.loadavg()[0]!.toFixed(1)}`,
);
for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));

if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ count, repeats, node: process.version, results }, null, 2)}\n`);
}
