/**
 * The compiler benchmark: the whole Flounder corpus (59 interfaces) compiled to TypeScript
 * modules in one process, with and without formatting, beside the reference compiler's time
 * for the C stubs of 96 interfaces (issue 3's goal: be faster with formatting on).
 *
 *   npm run build && npx tsx bench/compiler/main.ts [--quick] [--json FILE]
 *
 * Each mode runs in fresh processes of the built compiler (`dist/`), writing into a scratch
 * directory: the first compile of a process is the cold figure, what one `flounderc` run
 * costs (loading ts-morph with TypeScript, and prettier, included; Node's own start-up is in
 * "process" only); the next compiles of the same process are the warm figure. Figures are the
 * median over processes; `--quick` runs one process per mode. On a shared machine
 * interference only ever adds time: compare figures within one run, and mind the load shown.
 *
 * A cold run starts from the V8 code cache of ts-morph's bundles, which the first run on a
 * machine (or after an upgrade of Node or ts-morph) writes into the temporary directory; the
 * "first run" row is that run, timed in processes given a new temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The reference compiler on the development machine: C stubs for 96 interfaces. */
const REFERENCE = { ms: 1700, interfaces: 96 };

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } } });
const processes = values.quick ? 1 : 5;
const runsPerProcess = values.quick ? 2 : 4;

const root = fileURLToPath(new URL('../../', import.meta.url));
const corpus = join(root, '../shared/flounder-corpus');
if (!existsSync(join(corpus, 'if'))) {
  console.error(`bench/compiler: the corpus is not at ${corpus}`);
  process.exit(1);
}
if (!existsSync(join(root, 'packages/idl-compiler/dist/index.js'))) {
  console.error('bench/compiler: build the compiler first (npm run build)');
  process.exit(1);
}

interface ProcessResult {
  compileMs: number[];
  processMs: number;
  cpuMs: number;
  interfaces: number;
  bytes: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const child = fileURLToPath(new URL('compile-corpus.mjs', import.meta.url));
const scratch = mkdtempSync(join(os.tmpdir(), 'flounderc-bench-'));

/**
 * What is measured: formatted and `--no-format` compiles, and formatted ones in a process
 * whose temporary directory is new, so that it has no code cache (a first run on a machine).
 */
const MODES = {
  format: { mode: 'format', label: 'flounderc, formatted' },
  raw: { mode: 'raw', label: 'flounderc --no-format' },
  first: { mode: 'format', label: 'formatted, first run (no code cache)' },
} as const;
type Mode = keyof typeof MODES;
const MODE_NAMES = Object.keys(MODES) as Mode[];

const results: Partial<
  Record<Mode, { cold: number; warm: number; process: number; cpu: number; interfaces: number; bytes: number }>
> = {};
try {
  const runs: Record<Mode, ProcessResult[]> = { format: [], raw: [], first: [] };
  // The modes take turns, so that a change in the machine's load falls on all of them.
  for (let p = 0; p < processes; p++) {
    for (const name of MODE_NAMES) {
      const out = join(scratch, `${name}-${p}`);
      const env = name === 'first' ? { ...process.env, TMPDIR: join(out, 'tmp') } : process.env;
      if (name === 'first') mkdirSync(env['TMPDIR']!, { recursive: true });
      const result = spawnSync(
        process.execPath,
        [child, corpus, out, MODES[name].mode, String(runsPerProcess)],
        { encoding: 'utf8', env },
      );
      if (result.status !== 0) throw new Error(`bench/compiler: the compile failed:\n${result.stderr}`);
      runs[name].push(JSON.parse(result.stdout) as ProcessResult);
    }
  }
  for (const name of MODE_NAMES) {
    const own = runs[name];
    results[name] = {
      cold: median(own.map((r) => r.compileMs[0]!)),
      warm: median(own.flatMap((r) => r.compileMs.slice(1))),
      process: median(own.map((r) => r.processMs)),
      cpu: median(own.map((r) => r.cpuMs)),
      interfaces: own[0]!.interfaces,
      bytes: own[0]!.bytes,
    };
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perInterface = (ms: number, n: number) => `${(ms / n).toFixed(1)} ms`;
const rows = [
  [
    '',
    'cold (1st compile)',
    'with Node start-up',
    'warm (later compiles)',
    'CPU (all runs, threads)',
    'cold per interface',
  ],
  ...MODE_NAMES.map((mode) => {
    const r = results[mode]!;
    return [
      MODES[mode].label,
      fmt(r.cold),
      fmt(r.process),
      fmt(r.warm),
      fmt(r.cpu),
      perInterface(r.cold, r.interfaces),
    ];
  }),
  [
    'reference (C stubs, 96 interfaces)',
    fmt(REFERENCE.ms),
    '',
    '',
    '',
    perInterface(REFERENCE.ms, REFERENCE.interfaces),
  ],
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log(
  `Compiling the corpus: ${results['format']!.interfaces} interfaces, ${(results['format']!.bytes / 1024).toFixed(0)} KiB of TypeScript`,
);
console.log(
  `${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${processes} process(es) per mode`,
);
for (const row of rows)
  console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
const goal = results['format']!.cold < REFERENCE.ms;
console.log(`goal (formatted corpus, cold, under ${fmt(REFERENCE.ms)}): ${goal ? 'met' : 'not met'}`);
if (values.json)
  writeFileSync(values.json, `${JSON.stringify({ reference: REFERENCE, results, load: os.loadavg()[0] }, null, 2)}\n`);
