/**
 * The breakdown of one channel-API round trip (thesis 4.3.3, Figure 4.19): the ping-pong with
 * one client, channel server and channel client, traced, and the trace read stage by stage
 * (round-trip.ts). Beside it, the same with the handler API, and the channel API with the
 * deterministic clock, which prices only what the modelled machine does.
 *
 *   npx tsx --conditions=source bench/breakdown/main.ts [--quick] [--out DIR]
 *
 * 20,000 round trips, the first 2,000 left out (`--quick`: 2,000 and 200). A measured run is
 * made three times and the one with the shortest round trip kept. Tracing costs time itself:
 * the measured clock leaves the recording of each slice out, but not every other effect (the
 * extra readings of the time), so each API is also run untraced and both are reported.
 *
 * Writes `breakdown.json` and `breakdown.svg`.
 * @module
 */
import type { ClockMode } from '@flounder-ts/kernel-sim';
import { writeCharts } from '../lib/chart.js';
import { benchOptions } from '../lib/cli.js';
import { progress } from '../lib/progress.js';
import { describeEnvironment, environment, finish, round, writeJson, type Environment } from '../lib/results.js';
import { THESIS_BREAKDOWN, THESIS_FLOUNDER_US } from '../lib/thesis.js';
import { breakdownCharts } from './charts.js';
import { breakDown, type RoundTripBreakdown } from './round-trip.js';
import { CLIENT_CORE, SERVER_CORE, pingPong, type Style, type TracedRun } from './run.js';

/** One stage of a round trip, both sides together. */
export interface StageShare {
  readonly stage: string;
  readonly cycles: number;
  readonly ns: number;
  readonly percent: number;
}

/** One API and clock, broken down. */
export interface BreakdownConfig {
  readonly key: string;
  readonly label: string;
  readonly api: Style;
  readonly clock: ClockMode;
  readonly breakdown: RoundTripBreakdown;
  /** The round trip in nanoseconds of the modelled machine. */
  readonly ns: number;
  /** Both sides' stages and the transfers, largest first. */
  readonly stages: readonly StageShare[];
  /** The same round trip without a trace: the client's mean (measured clock only). */
  readonly untraced?: { readonly cycles: number; readonly ns: number };
  /** From the counters: events and context switches per round trip on each core. */
  readonly counters: {
    readonly clientEvents: number;
    readonly serverEvents: number;
    readonly clientContextSwitches: number;
    readonly serverContextSwitches: number;
  };
}

/** Everything `breakdown.json` holds. */
export interface BreakdownResults {
  readonly benchmark: 'breakdown';
  readonly quick: boolean;
  readonly roundTrips: number;
  readonly skip: number;
  readonly environment: Environment;
  readonly configs: readonly BreakdownConfig[];
  readonly thesis: { readonly stages: typeof THESIS_BREAKDOWN; readonly flounderUs: number };
}

const CONFIGS: readonly { key: string; label: string; api: Style; clock: ClockMode }[] = [
  { key: 'channel-deterministic', label: 'channel API, deterministic clock', api: 'channel', clock: 'deterministic' },
  { key: 'channel-measured', label: 'channel API, measured clock', api: 'channel', clock: 'measured' },
  { key: 'handler-measured', label: 'handler API, measured clock', api: 'handler', clock: 'measured' },
];

const options = benchOptions('npx tsx --conditions=source bench/breakdown/main.ts [--quick] [--out DIR]');
const roundTrips = options.quick ? 2_000 : 20_000;
const skip = roundTrips / 10;
const repeats = options.quick ? 1 : 3;
const env = environment();

const bar = progress('breakdown', 2 + CONFIGS.reduce((n, c) => n + (c.clock === 'measured' ? 2 * repeats : 1), 0));
for (const api of ['channel', 'handler'] as const) {
  await pingPong(api, roundTrips, 'measured', false); // warm-up
  bar.tick(`warm-up ${api}`);
}

/** Breaks a traced run down. */
function analyse(run: TracedRun): RoundTripBreakdown {
  return breakDown(run.events, {
    clientCore: CLIENT_CORE,
    serverCore: SERVER_CORE,
    client: `client@${CLIENT_CORE}`,
    server: `server@${SERVER_CORE}`,
    lineTransfer: run.lineTransfer,
    skip,
  });
}

const configs: BreakdownConfig[] = [];
for (const config of CONFIGS) {
  let best: { run: TracedRun; breakdown: RoundTripBreakdown } | undefined;
  let untraced: number | undefined;
  for (let i = 0; i < (config.clock === 'measured' ? repeats : 1); i++) {
    const run = await pingPong(config.api, roundTrips, config.clock, true);
    const breakdown = analyse(run);
    if (!best || breakdown.cycles < best.breakdown.cycles) best = { run, breakdown };
    bar.tick(`${config.key} traced`);
    if (config.clock !== 'measured') continue;
    const plain = await pingPong(config.api, roundTrips, config.clock, false);
    untraced = Math.min(untraced ?? Infinity, plain.client.cycles / roundTrips);
    bar.tick(`${config.key} untraced`);
  }
  const { run, breakdown } = best!;
  const nsPerCycle = 1e9 / run.hz;
  const totals: Record<string, number> = { transfer: breakdown.transfer };
  for (const side of [breakdown.client, breakdown.server]) for (const [stage, c] of Object.entries(side)) totals[stage] = (totals[stage] ?? 0) + c;
  const stages = Object.entries(totals)
    .map(([stage, c]) => ({ stage, cycles: round(c, 1), ns: round(c * nsPerCycle, 1), percent: round((100 * c) / breakdown.cycles, 2) }))
    .sort((a, b) => b.cycles - a.cycles);
  const [client, server] = [run.counters.cores[CLIENT_CORE]!, run.counters.cores[SERVER_CORE]!];
  configs.push({
    ...config,
    breakdown,
    ns: round(breakdown.cycles * nsPerCycle, 1),
    stages,
    ...(untraced === undefined ? {} : { untraced: { cycles: round(untraced, 1), ns: round(untraced * nsPerCycle, 1) } }),
    counters: {
      clientEvents: round(client.events / roundTrips, 3),
      serverEvents: round(server.events / roundTrips, 3),
      clientContextSwitches: client.contextSwitches,
      serverContextSwitches: server.contextSwitches,
    },
  });
}
bar.stop();

const results: BreakdownResults = {
  benchmark: 'breakdown',
  quick: options.quick,
  roundTrips,
  skip,
  environment: finish(env),
  configs,
  thesis: { stages: THESIS_BREAKDOWN, flounderUs: THESIS_FLOUNDER_US },
};
writeJson(options.out, 'breakdown.json', results);
await writeCharts(options.out, breakdownCharts(results));

console.log(`breakdown of a ping-pong round trip, 1 client, ${roundTrips - skip} round trips analysed${options.quick ? ' (quick: rough)' : ''}; ${describeEnvironment(results.environment)}`);
for (const c of configs) {
  const b = c.breakdown;
  const untraced = c.untraced ? `, untraced ${c.untraced.ns.toFixed(0)} ns` : '';
  console.log(`\n${c.label}: ${c.ns.toFixed(0)} ns a round trip (${b.cycles.toFixed(0)} cycles; median ${b.median.toFixed(0)}, ${b.interrupted} interrupted left out${untraced})`);
  for (const s of c.stages) console.log(`  ${s.stage.padEnd(16)} ${s.ns.toFixed(1).padStart(8)} ns  ${s.percent.toFixed(1).padStart(5)}%`);
}
console.log(`\nresults in ${options.out}`);
