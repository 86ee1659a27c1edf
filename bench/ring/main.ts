/**
 * The ring benchmark (thesis 4.2): a message around a ring of 1 to 10,000 tasks joined by
 * unbuffered channels, within one dispatcher and spread over the ten cores of one socket; 100
 * trips per size (after one untimed), mean and standard deviation.
 *
 *   npx tsx --conditions=source bench/ring/main.ts [--quick] [--out DIR]
 *
 * Within one dispatcher the modelled machine charges nothing (no kernel is involved), so that
 * ring runs with the measured clock only; the spread ring runs with both clocks. Wall-clock
 * time is taken in the measured run within a dispatcher, in the deterministic run across
 * cores. Both rings are warmed up first. `--quick` runs sizes 1, 10, 100 and 1,000, ten trips each.
 *
 * Writes `ring.json`, `ring.svg` (Figure 4.11) and `ring-per-hop.svg`.
 * @module
 */
import type { ClockMode } from '@flounder-ts/kernel-sim';
import { writeCharts } from '../lib/chart.js';
import { benchOptions } from '../lib/cli.js';
import { progress } from '../lib/progress.js';
import { describeEnvironment, environment, finish, round, writeJson, type Environment } from '../lib/results.js';
import { linearFit, mean, median, std, type LinearFit } from '../lib/stats.js';
import { tableLines } from '../lib/table.js';
import { GO_HOP_NS } from '../lib/thesis.js';
import { ringCharts } from './charts.js';
import { SPREAD_CORES, localRing, spreadRing, type Trip } from './ring.js';

/** Microseconds a trip took over the trips: mean and standard deviation (as the thesis gives), and median. */
export interface Latency {
  readonly mean: number;
  readonly std: number;
  readonly median: number;
}

/** One ring size of one ring: its latency in each timing. */
export interface RingPoint {
  readonly ring: 'local' | 'spread';
  readonly size: number;
  /** Cores the ring spans. */
  readonly cores: number;
  readonly deterministic?: Latency;
  readonly measured: Latency;
  readonly wall: Latency;
}

/** The straight line through one ring's latencies in one timing: microseconds per hop. */
export interface RingFit extends LinearFit {
  readonly ring: 'local' | 'spread';
  readonly timing: 'deterministic' | 'measured' | 'wall';
  /** The slope in nanoseconds per hop, beside Go's. */
  readonly nsPerHop: number;
}

/** Everything `ring.json` holds. */
export interface RingResults {
  readonly benchmark: 'ring';
  readonly quick: boolean;
  readonly runs: number;
  readonly environment: Environment;
  readonly points: readonly RingPoint[];
  readonly fits: readonly RingFit[];
  /** Go's hop on the development machine (half its unbuffered ping-pong round trip), in ns. */
  readonly goHopNs: number;
}

const options = benchOptions('npx tsx --conditions=source bench/ring/main.ts [--quick] [--out DIR]');
const sizes = options.quick ? [1, 10, 100, 1000] : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
const runs = options.quick ? 10 : 100;
const env = environment();

const latency = (trips: readonly Trip[], of: (t: Trip) => number): Latency => {
  const us = trips.map(of);
  return { mean: round(mean(us), 4), std: round(std(us), 4), median: round(median(us), 4) };
};
const simulatedUs = (t: Trip): number => t.us;
const wallUs = (t: Trip): number => t.wallUs;

const spreadSizes = sizes.filter((s) => s >= 2 && s % Math.min(s, SPREAD_CORES) === 0);
const bar = progress('ring', 2 + sizes.length + 2 * spreadSizes.length);
// Warm-up: both rings' hot paths compiled before anything is timed.
await localRing(100, runs, 'measured');
bar.tick('warm-up local');
await spreadRing(100, runs, 'measured');
bar.tick('warm-up spread');
const points: RingPoint[] = [];
for (const size of sizes) {
  const trips = await localRing(size, runs, 'measured');
  bar.tick(`local ${size}`);
  points.push({ ring: 'local', size, cores: 1, measured: latency(trips, simulatedUs), wall: latency(trips, wallUs) });
}
for (const size of spreadSizes) {
  const byClock = {} as Record<ClockMode, Trip[]>;
  for (const clock of ['deterministic', 'measured'] as const) {
    byClock[clock] = await spreadRing(size, runs, clock);
    bar.tick(`spread ${size} ${clock}`);
  }
  points.push({
    ring: 'spread',
    size,
    cores: Math.min(size, SPREAD_CORES),
    deterministic: latency(byClock.deterministic, simulatedUs),
    measured: latency(byClock.measured, simulatedUs),
    wall: latency(byClock.deterministic, wallUs),
  });
}
bar.stop();

const fits: RingFit[] = [];
for (const ring of ['local', 'spread'] as const) {
  const series = points.filter((p) => p.ring === ring);
  for (const timing of ['deterministic', 'measured', 'wall'] as const) {
    const ys = series.map((p) => p[timing]?.mean);
    if (series.length < 2 || ys.some((y) => y === undefined)) continue;
    const fit = linearFit(series.map((p) => p.size), ys as number[]);
    fits.push({ ring, timing, slope: fit.slope, intercept: fit.intercept, r2: round(fit.r2, 5), nsPerHop: round(fit.slope * 1e3, 1) });
  }
}

const results: RingResults = { benchmark: 'ring', quick: options.quick, runs, environment: finish(env), points, fits, goHopNs: GO_HOP_NS };
writeJson(options.out, 'ring.json', results);
await writeCharts(options.out, ringCharts(results));

console.log(`ring: ${runs} trips a size${options.quick ? ' (quick: rough)' : ''}; ${describeEnvironment(results.environment)}`);
const cell = (l: Latency | undefined): string => (l === undefined ? '-' : `${l.mean.toFixed(2)} ± ${l.std.toFixed(2)}`);
const rows = [
  ['ring', 'size', 'cores', 'deterministic us', 'measured us', 'wall-clock us'],
  ...points.map((p) => [p.ring, String(p.size), String(p.cores), cell(p.deterministic), cell(p.measured), cell(p.wall)]),
];
for (const line of tableLines(rows)) console.log(`  ${line}`);
console.log(`\nlatency against size, least squares (Go on the development machine: ${GO_HOP_NS.toFixed(1)} ns a hop)`);
for (const f of fits) {
  console.log(`  ${f.ring.padEnd(6)} ${f.timing.padEnd(13)} ${f.nsPerHop.toFixed(1).padStart(8)} ns/hop  (${(f.nsPerHop / GO_HOP_NS).toFixed(1)}x Go)  r2 ${f.r2.toFixed(4)}`);
}
console.log(`\nresults in ${options.out}`);
