/**
 * The end-to-end benchmark: the thesis' ping-pong with one client, 100,000 round trips, in
 * every style on the simulated `ivybridge-2x10` (raw frames, the handler API, the channel
 * API and the pairings of the two), across cores (UMP) and on one core (LMP). It reports
 * wall-clock time per round trip and the ratios issue 6 sets goals for: the channel API
 * within 1.3x of the handler API, the handler API within 1.2x of raw frames. The `tasks`
 * shape is the channel API's floor: the handler API with each message handed to a task
 * through a bare promise, the least any API that gives messages to tasks must do.
 *
 *   npx tsx --conditions=source bench/e2e/main.ts [--quick] [--json FILE]
 *     [--shapes raw,handler/handler,tasks,...] [--interconnect ump|lmp] [--trips N] [--rounds N] [--warmup N]
 *
 * The shapes run in turn, round after round, so that they share the machine's load; each
 * figure is the best of the rounds after a warm-up (the least the machine's load added; the
 * median is in the JSON too). `--quick` runs 10,000 round trips for 3 rounds. Wall-clock
 * figures on a shared machine are noisy; simulated cycles are exact.
 *
 * The other options pick a part of the run, for profilers: instructions per round trip are
 * the difference of two runs of one shape that differ only in `--trips`, under
 * `valgrind --tool=callgrind`, which `instructions.mjs` runs.
 * @module
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SHAPES as ALL_SHAPES } from './shapes.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    shapes: { type: 'string' },
    interconnect: { type: 'string' },
    trips: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
  },
});

/** A whole-number option, or `fallback`. */
function count(name: 'trips' | 'rounds' | 'warmup', fallback: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 0)) {
    console.error(`--${name} must be a whole number, got '${text}'`);
    process.exit(2);
  }
  return n;
}

const trips = count('trips', values.quick ? 10_000 : 100_000);
const rounds = Math.max(1, count('rounds', values.quick ? 3 : 7));
const warmup = count('warmup', 20_000);
const SHAPES = pick(ALL_SHAPES, values.shapes?.split(','), (s) => s.key, 'shapes');
const INTERCONNECTS = pick(
  [
    { name: 'ump', clientCore: 2, label: 'UMP: server on core 1, client on core 2' },
    { name: 'lmp', clientCore: 1, label: 'LMP: server and client on core 1' },
  ] as const,
  values.interconnect?.split(','),
  (i) => i.name,
  'interconnect',
);

/** The items of `all` whose keys `wanted` names (all of them when it is undefined). */
function pick<T>(all: readonly T[], wanted: readonly string[] | undefined, key: (item: T) => string, option: string): readonly T[] {
  if (wanted === undefined) return all;
  const known = all.map(key);
  for (const w of wanted) {
    if (!known.includes(w)) {
      console.error(`--${option}: unknown '${w}'; known: ${known.join(', ')}`);
      process.exit(2);
    }
  }
  return all.filter((item) => wanted.includes(key(item)));
}

interface Figure {
  /** The best of the rounds. */
  readonly nsPerRoundTrip: number;
  readonly medianNsPerRoundTrip: number;
  readonly cyclesPerRoundTrip: number;
}

const results: Record<string, Record<string, Figure>> = {};
for (const { name, clientCore } of INTERCONNECTS) {
  if (warmup > 0) for (const shape of SHAPES) await shape.run(warmup, clientCore); // warm-up: the hot paths compiled
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
  const ratio = (what: string, shape: string, base: string, limit?: number): void => {
    if (r[shape] === undefined || r[base] === undefined) return;
    const x = r[shape].nsPerRoundTrip / r[base].nsPerRoundTrip;
    const verdict = limit === undefined ? '' : ` (goal <= ${limit}x: ${x <= limit ? 'met' : 'missed'})`;
    console.log(`  ${what}: ${x.toFixed(2)}x${verdict}`);
  };
  ratio('handler API / raw frames', 'handler/handler', 'raw', 1.2);
  ratio('channel API / handler API', 'channel/channel', 'handler/handler', 1.3);
  // What any API that hands messages to tasks costs over the handler API: the channel API's floor.
  ratio('tasks floor / handler API', 'tasks', 'handler/handler');
}

if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ trips, rounds, node: process.version, results }, null, 2)}\n`);
}
