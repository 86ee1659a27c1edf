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
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const results: Record<
  string,
  { cold: number; warm: number; process: number; cpu: number; interfaces: number; bytes: number }
> = {};
try {
  for (const mode of ['format', 'raw'] as const) {
    const runs: ProcessResult[] = [];
    for (let p = 0; p < processes; p++) {
      const out = spawnSync(
        process.execPath,
        [child, corpus, join(scratch, `${mode}-${p}`), mode, String(runsPerProcess)],
        {
          encoding: 'utf8',
        },
      );
      if (out.status !== 0) throw new Error(`bench/compiler: the compile failed:\n${out.stderr}`);
      runs.push(JSON.parse(out.stdout) as ProcessResult);
    }
    results[mode] = {
      cold: median(runs.map((r) => r.compileMs[0]!)),
      warm: median(runs.flatMap((r) => r.compileMs.slice(1))),
      process: median(runs.map((r) => r.processMs)),
      cpu: median(runs.map((r) => r.cpuMs)),
      interfaces: runs[0]!.interfaces,
      bytes: runs[0]!.bytes,
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
  ...(['format', 'raw'] as const).map((mode) => {
    const r = results[mode]!;
    return [
      mode === 'format' ? 'flounderc, formatted' : 'flounderc --no-format',
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
