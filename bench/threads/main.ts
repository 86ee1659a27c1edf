/**
 * The threads benchmark: message passing between two cores that are real threads, at every
 * level of the stack, and `postMessage` between two threads beside it, in one run.
 *
 *   npx tsx --conditions=source bench/threads/main.ts [--quick] [--only ring,ump,...] [--repeats N] [--json FILE]
 *
 * The machine is a threads `haswell-1x4` with two worker threads: the servers on core 1, the
 * clients on core 2 (the other thread), the nameservice on core 0; the last rows put the
 * clients on core 3, the servers' thread, for the software's own cost. For each level, a round
 * trip (the client waits for each answer) and a one-way stream (the server answers once at
 * its end), each timed by the client on its own thread; see domains.ts for the levels.
 * The floors are measured in the same run: one word ping-ponged with Atomics between two plain
 * workers (atomics-peer.mjs), and in C (floor.c, when a C compiler is there) one cache line
 * ping-ponged between two threads, which the raw round trip is judged against, and a stream
 * through a UMP ring laid out as ours.
 * Every figure is the best of many short runs after a warm-up, with the median beside it: on
 * a machine shared with other work the best run is the one least disturbed. The runs go round
 * the levels, one run of each at a time, so that every level sees the same machine: on a
 * virtual machine what a cache line costs between its two cores changes from minute to minute
 * (as the hypervisor moves them), and a ratio of figures taken minutes apart would say more
 * of that than of the code. The goals set as ratios compare the best figures, with the median
 * over the rounds of the ratio within each round beside them. The load average is printed before and after; figures taken
 * under load are pessimistic, never optimistic.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { Machine, nameservice } from '@flounder-ts/kernel-sim';
import { usageError } from '../lib/cli.js';
import { tableLines } from '../lib/table.js';
import type { Job } from './domains.js';

/** The C cache-line ping-pong on the development machine of the goals (thesis-evaluation.md). */
const REFERENCE_C_ROUND_TRIP_NS = 280;

interface Level {
  readonly key: string;
  readonly label: string;
  /**
   * What runs it: the threads machine (a server and a client of domains.ts), two plain
   * workers (`post`: post-peer.mjs, `atomics`: atomics-peer.mjs), or C (floor.c).
   */
  readonly by: 'machine' | 'post' | 'atomics' | 'c';
  /** The exported server and client of domains.ts. */
  readonly server?: string;
  readonly client?: string;
  /**
   * The client's core: 2 (the other thread) by default; 3 shares the server's thread, which
   * shows what the software costs, without a cache line crossing or the other thread's time.
   */
  readonly core?: number;
  /** Round trips and streamed messages per timed run: full, quick. The Atomics floor has no stream. */
  readonly rt: readonly [number, number];
  readonly stream?: readonly [number, number];
}

// Short runs, many of them: on a machine shared with other work, some run with both cores to
// themselves, and the best of them is what the code does then.
const LEVELS: readonly Level[] = [
  { key: 'c', label: 'C: one cache line (rt), a UMP ring (stream)', by: 'c', rt: [50_000, 20_000], stream: [2_000_000, 500_000] },
  { key: 'atomics', label: 'Atomics: one word between two workers', by: 'atomics', rt: [50_000, 20_000] },
  { key: 'ring', by: 'machine', label: 'bare UMP rings (the floor)', server: 'ringServer', client: 'ringClient', rt: [50_000, 20_000], stream: [2_000_000, 500_000] },
  { key: 'ump', by: 'machine', label: 'raw UMP: channel ends, waitset handlers', server: 'umpServer', client: 'umpClient', rt: [50_000, 20_000], stream: [2_000_000, 500_000] },
  { key: 'handler', by: 'machine', label: 'generated handler API (ping.if)', server: 'handlerServer', client: 'handlerClient', rt: [50_000, 20_000], stream: [1_000_000, 300_000] },
  { key: 'channel', by: 'machine', label: 'generated channel API (ping.if)', server: 'channelServer', client: 'channelClient', rt: [20_000, 10_000], stream: [300_000, 100_000] },
  { key: 'postMessage', by: 'post', label: 'postMessage between two worker threads', rt: [5_000, 2_000], stream: [200_000, 50_000] },
  { key: 'ump1', by: 'machine', label: 'raw UMP, both ends on one thread', client: 'umpClient', core: 3, rt: [50_000, 20_000], stream: [2_000_000, 500_000] },
  { key: 'handler1', by: 'machine', label: 'handler API, both ends on one thread', client: 'handlerClient', core: 3, rt: [50_000, 20_000], stream: [1_000_000, 300_000] },
  { key: 'channel1', by: 'machine', label: 'channel API, both ends on one thread', client: 'channelClient', core: 3, rt: [20_000, 10_000], stream: [300_000, 100_000] },
];

const USAGE = 'npx tsx --conditions=source bench/threads/main.ts [--quick] [--only ring,ump,...] [--repeats N] [--json FILE]';
let values: { quick: boolean; only?: string; repeats?: string; json?: string };
try {
  ({ values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, repeats: { type: 'string' }, json: { type: 'string' } },
  }));
} catch (err) {
  usageError(err instanceof Error ? err.message : String(err), USAGE);
}
const quick = values.quick;
const repeats = values.repeats === undefined ? (quick ? 7 : 21) : positive('--repeats', values.repeats);
/** The levels to run: `--only` names some by key (for comparing two versions of one level quickly). */
const levels = values.only === undefined ? LEVELS : values.only.split(',').map(levelNamed);
const DOMAINS = new URL('./domains.ts', import.meta.url);

/** Best and median nanoseconds per operation of one level and mode, and every run's in the order of the rounds. */
interface Figure {
  readonly best: number;
  readonly median: number;
  readonly count: number;
  readonly runs: readonly number[];
}

const loadBefore = os.loadavg()[0]!;
console.log(
  `threads benchmark${quick ? ' (quick)' : ''}: node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, ` +
    `load average ${loadBefore.toFixed(2)} before`,
);

const machine = new Machine({ platform: 'threads', topology: 'haswell-1x4', boot: [nameservice], threads: { maxThreads: 2 } });
// Every server, whatever runs: the one-thread levels use the servers of the others.
for (const level of LEVELS) {
  if (level.server) machine.spawn({ name: `${level.key}-server`, core: 1, daemon: true }, { module: DOMAINS, export: level.server });
}
const post = levels.some((level) => level.by === 'post') ? startPeers('post-peer.mjs', postMessagePair) : null;
const atomics = levels.some((level) => level.by === 'atomics') ? startPeers('atomics-peer.mjs', sharedWordPair) : null;

const results: Record<string, { rt: Figure; stream?: Figure }> = {};
/** Why a level has no figures. */
const skipped: Record<string, string> = {};
/** One level in one mode: how it runs `count` operations (nanoseconds per operation), and its timed runs so far. */
interface Trial {
  readonly level: Level;
  readonly mode: Job['mode'];
  readonly count: number;
  readonly run: (mode: Job['mode'], count: number) => Promise<number>;
  readonly runs: number[];
}
const floor = levels.some((level) => level.by === 'c') ? buildFloor() : null;
try {
  const trials: Trial[] = [];
  for (const level of levels) {
    let run: Trial['run'];
    if (level.by === 'c') {
      if (typeof floor === 'string') {
        skipped[level.key] = floor;
        continue;
      }
      run = async (mode, count) => runFloor(floor!.binary, mode, count);
    } else if (level.by === 'machine') run = async (mode, count) => machineJob(level.client!, level.core ?? 2, { mode, count });
    else run = async (mode, count) => (level.by === 'post' ? post : atomics)!.job({ mode, count });
    trials.push({ level, mode: 'rt', count: level.rt[quick ? 1 : 0], run, runs: [] });
    if (level.stream) trials.push({ level, mode: 'stream', count: level.stream[quick ? 1 : 0], run, runs: [] });
  }
  // A warm-up of each, so that the hot paths are compiled before anything is timed.
  for (const t of trials) await t.run(t.mode, Math.max(2, Math.floor(t.count / 4)));
  for (let round = 1; round <= repeats; round++) {
    for (const t of trials) t.runs.push(await t.run(t.mode, t.count));
    process.stdout.write(`  round ${round} of ${repeats} done\n`);
  }
  for (const { level, mode, count, runs } of trials) {
    const sorted = [...runs].sort((a, b) => a - b);
    const figure: Figure = { best: sorted[0]!, median: sorted[sorted.length >> 1]!, count, runs };
    if (mode === 'rt') results[level.key] = { rt: figure };
    else results[level.key]!.stream = figure;
  }
} finally {
  await machine.shutdown();
  await Promise.all([post?.stop(), atomics?.stop()]);
  if (floor !== null && typeof floor !== 'string') rmSync(floor.dir, { recursive: true, force: true });
}
const loadAfter = os.loadavg()[0]!;

// ---- the table and the goals ----------------------------------------------------------------

const rows = [['level', 'round trip best', 'median', 'stream best', 'median']];
for (const level of levels) {
  const r = results[level.key];
  if (!r) rows.push([level.label, 'not measured', '', '', '']);
  else rows.push([level.label, ns(r.rt.best), ns(r.rt.median), r.stream ? rate(r.stream.best) : '', r.stream ? rate(r.stream.median) : '']);
}
console.log();
for (const line of tableLines(rows, true)) console.log(line);

const raw = results.ump;
const handler = results.handler;
const postMessage = results.postMessage;
const c = results.c;
/** `a / b` of the best figures, and the median over the rounds of `a / b` within a round. */
function ratio(a: Figure, b: Figure): { best: number; says: string } {
  const rounds = a.runs.map((x, i) => x / b.runs[i]!).sort((x, y) => x - y);
  const best = a.best / b.best;
  const digits = best >= 10 ? 0 : 2;
  return { best, says: `${best.toFixed(digits)}x (median of the rounds' ratios ${rounds[rounds.length >> 1]!.toFixed(digits)}x)` };
}
/** Each goal with the levels it needs; those of levels left out by `--only` are not judged. */
const goals: [string, boolean, string][] = [];
if (raw && c) {
  const r = ratio(raw.rt, c.rt);
  goals.push([`raw UMP round trip within 1.5x of the C cache-line ping-pong (${ns(c.rt.best)} in this run)`, r.best <= 1.5, `${ns(raw.rt.best)} = ${r.says}`]);
}
if (raw) {
  // Without the C floor, or beside it: the reference machine's C figure the goal was set with.
  const x = raw.rt.best / REFERENCE_C_ROUND_TRIP_NS;
  goals.push([`raw UMP round trip within 1.5x of the reference machine's C ping-pong (${REFERENCE_C_ROUND_TRIP_NS} ns)`, x <= 1.5, `${ns(raw.rt.best)} = ${x.toFixed(2)}x`]);
}
if (raw && handler) {
  const r = ratio(handler.rt, raw.rt);
  goals.push(['handler API round trip within 2x of raw', r.best <= 2, r.says]);
}
if (raw?.stream) {
  const cStream = c?.stream?.best;
  goals.push([
    'raw stream at least 20 M messages/s',
    1e3 / raw.stream.best >= 20,
    rate(raw.stream.best) + (cStream === undefined ? '' : `; C through the same ring: ${rate(cStream)}`),
  ]);
}
if (handler?.stream) goals.push(['handler API stream at least 10 M messages/s', 1e3 / handler.stream.best >= 10, rate(handler.stream.best)]);
if (raw && postMessage) {
  const r = ratio(postMessage.rt, raw.rt);
  goals.push(['raw round trip at least 50x faster than postMessage', r.best >= 50, r.says]);
}
for (const [key, why] of Object.entries(skipped)) console.log(`${key}: ${why}`);
console.log();
for (const [goal, met, figure] of goals) console.log(`${met ? 'met   ' : 'MISSED'}  ${goal}: ${figure}`);
console.log(
  `\nbest of ${repeats} runs after a warm-up; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after` +
    // The run's own threads raise the load average; what was there before is other work.
    (loadBefore > 0.5 ? ' (other work shared the cores: the figures are pessimistic)' : ''),
);

if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ node: process.version, quick, repeats, loadBefore, loadAfter, results }, null, 2)}\n`);
}

// ---- helpers ---------------------------------------------------------------------------------

/** Runs one client job on `core` and returns its nanoseconds per operation. */
async function machineJob(client: string, core: number, job: Job): Promise<number> {
  const handle = machine.spawn({ name: client, core }, { module: DOMAINS, export: client, arg: job });
  await machine.run();
  return (await handle.result) as number;
}

/** What the two peers of a pair are given: their workerData, and the ports moved to each. */
interface PeerData {
  readonly echo: object;
  readonly driver: object;
  readonly transfer: readonly [MessagePort[], MessagePort[]];
}

/** Two plain worker threads running `file`: a driver that times jobs, and an echo peer; both are sent each job. */
function startPeers(file: string, pair: () => PeerData): { job(job: Job): Promise<number>; stop(): Promise<void> } {
  const peer = new URL(`./${file}`, import.meta.url);
  const { echo: echoData, driver: driverData, transfer } = pair();
  const echo = new Worker(peer, { workerData: { role: 'echo', ...echoData }, transferList: transfer[0] });
  const driver = new Worker(peer, { workerData: { role: 'driver', ...driverData }, transferList: transfer[1] });
  return {
    job: (job) =>
      new Promise((resolve, reject) => {
        const failed = (err: Error): void => reject(err);
        driver.once('error', failed);
        echo.once('error', failed);
        driver.once('message', (ns: number) => {
          driver.off('error', failed);
          echo.off('error', failed);
          resolve(ns);
        });
        echo.postMessage(job);
        driver.postMessage(job);
      }),
    stop: async () => {
      await Promise.all([echo.terminate(), driver.terminate()]);
    },
  };
}

/** The postMessage pair: joined by a MessageChannel. */
function postMessagePair(): PeerData {
  const { port1, port2 } = new MessageChannel();
  return { echo: { port: port1 }, driver: { port: port2 }, transfer: [[port1], [port2]] };
}

/** The Atomics pair: one cache line of shared memory. */
function sharedWordPair(): PeerData {
  const memory = new SharedArrayBuffer(64);
  return { echo: { memory }, driver: { memory }, transfer: [[], []] };
}

/**
 * The C floors: builds floor.c with the system's C compiler in a temporary directory (which
 * the run removes at its end). Returns why not, when there is no compiler or it fails.
 */
function buildFloor(): { dir: string; binary: string } | string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flounder-floor-'));
  const binary = path.join(dir, 'floor');
  const source = fileURLToPath(new URL('./floor.c', import.meta.url));
  const cc = process.env.CC ?? 'cc';
  const built = spawnSync(cc, ['-O2', '-pthread', '-o', binary, source], { encoding: 'utf8' });
  if (built.error || built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return built.error ? `not measured: no C compiler (${cc}: ${built.error.message})` : `not measured: ${cc} could not build floor.c: ${built.stderr.trim()}`;
  }
  return { dir, binary };
}

/** One run of a C floor: a round trip over one cache line, or a stream through a ring. */
async function runFloor(binary: string, mode: Job['mode'], count: number): Promise<number> {
  const ran = spawnSync(binary, [mode === 'rt' ? 'line' : 'ring', String(count), '1'], { encoding: 'utf8' });
  const ns = Number((ran.stdout ?? '').trim().split(' ')[0]);
  if (ran.status !== 0 || !Number.isFinite(ns)) throw new Error(`floor ${mode === 'rt' ? 'line' : 'ring'} failed: ${ran.stderr || ran.error?.message || ran.stdout}`);
  return ns;
}

function levelNamed(key: string): Level {
  const level = LEVELS.find((l) => l.key === key);
  if (!level) usageError(`--only: no level '${key}'; the levels are ${LEVELS.map((l) => l.key).join(', ')}`, USAGE);
  return level;
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usageError(`${flag}: a whole number of at least 1, got '${value}'`, USAGE);
  return n;
}

function ns(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} us` : `${value.toFixed(0)} ns`;
}

function rate(nsPerMessage: number): string {
  return `${(1e3 / nsPerMessage).toFixed(2)} M/s`;
}
