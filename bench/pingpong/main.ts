/**
 * The ping-pong benchmark (thesis 4.3): a server on core 1 of the simulated `ivybridge-2x10`,
 * 1 to 18 clients on cores 2 to 19, 1,000,000 pings split over them, each client waiting for
 * the pong before its next ping; the server times how long receiving every ping takes. In
 * the four pairings of the channel and handler APIs and the thesis' optimized variant.
 *
 *   npx tsx --conditions=source bench/pingpong/main.ts [--quick] [--out DIR]
 *
 * Every point runs twice: with the deterministic clock (modelled costs only: the same
 * simulated time every run) and with the measured clock (the real time the code takes,
 * charged as it goes). Wall-clock time is the deterministic run's. A full run repeats each
 * point three times, in turn, and keeps the least measured and wall-clock time of the three:
 * interference from other work on the machine only ever adds time. `--quick` runs 18,000
 * pings for 1, 2, 3, 6, 9, 12 and 18 clients, once.
 *
 * Writes `pingpong.json` and the charts `pingpong.svg` (Figure 4.18), `pingpong-optimized.svg`
 * (Figure 4.21) and `pingpong-server-busy.svg` to the output directory.
 * @module
 */
import type { ClockMode } from '@flounder-ts/kernel-sim';
import { writeCharts } from '../lib/chart.js';
import { benchOptions } from '../lib/cli.js';
import { progress } from '../lib/progress.js';
import { describeEnvironment, environment, finish, round, writeJson, type Environment } from '../lib/results.js';
import { tableLines } from '../lib/table.js';
import { THESIS_PINGPONG, THESIS_RATIO } from '../lib/thesis.js';
import { pingpongCharts } from './charts.js';
import { MAX_CLIENTS, runPoint, type PointRun } from './run.js';
import { BASELINE, VARIANTS } from './variants.js';

/** What a point measured. */
export interface PointResult {
  readonly variant: string;
  readonly clients: number;
  /** The deterministic clock: simulated seconds (the same every run), and the server core's busy fraction. */
  readonly deterministic: { readonly seconds: number; readonly serverBusy: number };
  /** The measured clock: the least simulated seconds of the runs, every run's, and the busy fraction of the least. */
  readonly measured: { readonly seconds: number; readonly runs: readonly number[]; readonly serverBusy: number };
  /** Wall-clock seconds of the deterministic runs: the least, and every run's. */
  readonly wall: { readonly seconds: number; readonly runs: readonly number[] };
}

/** Each pairing's time over the baseline's, per number of clients and timing. */
export interface Ratio {
  readonly variant: string;
  readonly clients: number;
  readonly deterministic: number;
  readonly measured: number;
  readonly wall: number;
}

/** Everything `pingpong.json` holds. */
export interface PingPongResults {
  readonly benchmark: 'pingpong';
  readonly quick: boolean;
  readonly pings: number;
  readonly repeats: number;
  readonly topology: 'ivybridge-2x10';
  readonly environment: Environment;
  readonly variants: readonly { readonly key: string; readonly label: string; readonly thesis: string }[];
  readonly points: readonly PointResult[];
  readonly ratios: readonly Ratio[];
  readonly baseline: string;
  readonly thesis: typeof THESIS_PINGPONG;
}

const CLOCKS: readonly ClockMode[] = ['deterministic', 'measured'];

const options = benchOptions('npx tsx --conditions=source bench/pingpong/main.ts [--quick] [--out DIR]');
const pings = options.quick ? 18_000 : 1_000_000;
const clientCounts = options.quick ? [1, 2, 3, 6, 9, 12, 18] : Array.from({ length: MAX_CLIENTS }, (_, i) => i + 1);
const repeats = options.quick ? 1 : 3;
const warmupPings = options.quick ? 5_000 : 50_000;
const env = environment();

const bar = progress('ping-pong', VARIANTS.length * CLOCKS.length * (1 + clientCounts.length * repeats));
// Warm-up: every program's hot paths compiled before anything is timed.
for (const variant of VARIANTS) {
  for (const clock of CLOCKS) {
    await runPoint(variant, 2, warmupPings, clock);
    bar.tick(`warm-up ${variant.key}`);
  }
}
// Round after round, every point in turn, so that the repeats of a point meet different load.
const runs = new Map<string, { deterministic: PointRun[]; measured: PointRun[] }>();
for (let round = 0; round < repeats; round++) {
  for (const clients of clientCounts) {
    for (const variant of VARIANTS) {
      const key = `${variant.key}@${clients}`;
      let point = runs.get(key);
      if (!point) runs.set(key, (point = { deterministic: [], measured: [] }));
      for (const clock of CLOCKS) {
        point[clock].push(await runPoint(variant, clients, pings, clock));
        bar.tick(`${variant.key}, ${clients} clients, ${clock}`);
      }
    }
  }
}
bar.stop();

const points: PointResult[] = [];
for (const clients of clientCounts) {
  for (const variant of VARIANTS) {
    const { deterministic, measured } = runs.get(`${variant.key}@${clients}`)!;
    const modelled = deterministic[0]!;
    if (deterministic.some((r) => r.seconds !== modelled.seconds)) {
      throw new Error(`${variant.key}, ${clients} clients: the deterministic clock gave different times: ${deterministic.map((r) => r.seconds).join(', ')}`);
    }
    const best = measured.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const walls = deterministic.map((r) => r.wallSeconds);
    points.push({
      variant: variant.key,
      clients,
      deterministic: { seconds: modelled.seconds, serverBusy: round(modelled.serverBusy, 4) },
      measured: { seconds: best.seconds, runs: measured.map((r) => r.seconds), serverBusy: round(best.serverBusy, 4) },
      wall: { seconds: Math.min(...walls), runs: walls },
    });
  }
}

const at = (variant: string, clients: number): PointResult | undefined => points.find((p) => p.variant === variant && p.clients === clients);
const ratios: Ratio[] = [];
for (const clients of [1, 6]) {
  const base = at(BASELINE, clients);
  if (!base) continue;
  for (const variant of VARIANTS) {
    const p = at(variant.key, clients)!;
    ratios.push({
      variant: variant.key,
      clients,
      deterministic: round(p.deterministic.seconds / base.deterministic.seconds, 3),
      measured: round(p.measured.seconds / base.measured.seconds, 3),
      wall: round(p.wall.seconds / base.wall.seconds, 3),
    });
  }
}

const results: PingPongResults = {
  benchmark: 'pingpong',
  quick: options.quick,
  pings,
  repeats,
  topology: 'ivybridge-2x10',
  environment: finish(env),
  variants: VARIANTS.map(({ key, label, thesis }) => ({ key, label, thesis })),
  points,
  ratios,
  baseline: BASELINE,
  thesis: THESIS_PINGPONG,
};

writeJson(options.out, 'pingpong.json', results);
await writeCharts(options.out, pingpongCharts(results));

// ---- the report on the terminal ----

console.log(
  `ping-pong: ${pings.toLocaleString('en')} pings, server on core 1, ${options.quick ? 'quick: one run a point, rough' : `least of ${repeats} runs`}; ` +
    describeEnvironment(results.environment),
);
const seconds = (s: number): string => (s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(2)} s`);
for (const [title, pick] of [
  ['deterministic clock, simulated', (p: PointResult) => p.deterministic.seconds],
  ['measured clock, simulated', (p: PointResult) => p.measured.seconds],
  ['wall-clock', (p: PointResult) => p.wall.seconds],
] as const) {
  console.log(`\n${title}`);
  const rows = [['clients', ...VARIANTS.map((v) => v.key)], ...clientCounts.map((c) => [String(c), ...VARIANTS.map((v) => seconds(pick(at(v.key, c)!)))])];
  for (const line of tableLines(rows)) console.log(`  ${line}`);
}
console.log(`\nover ${BASELINE} (thesis, Go/Go over C/C: ${THESIS_RATIO[1]}x with 1 client, ${THESIS_RATIO[6]}x with 6)`);
for (const r of ratios) {
  console.log(`  ${String(r.clients).padStart(2)} clients  ${r.variant.padEnd(16)} deterministic ${r.deterministic.toFixed(2)}x  measured ${r.measured.toFixed(2)}x  wall-clock ${r.wall.toFixed(2)}x`);
}
console.log(`\nresults in ${options.out}`);
