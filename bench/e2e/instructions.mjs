#!/usr/bin/env node
/**
 * Instructions per round trip of the end-to-end ping-pong (bench/e2e), counted by valgrind's
 * callgrind: the figure that repeats on a shared, noisy machine where wall-clock time does
 * not. Each shape runs twice, for `--from` and `--to` round trips, each time after a warm-up
 * run of `--warmup` round trips on a machine of its own, and the difference of the two counts
 * over the difference of the trips is what one round trip costs in the steady state that the
 * wall-clock benchmark reports.
 *
 * The warm-up matters: V8 settles on optimized code for the simulator and the bindings only
 * after some tens of thousands of round trips (and again, for several thousand, on each new
 * machine's objects: hence `--from` well above that); without it the difference also counts
 * the optimizing compiler and unoptimized code, differently for each shape. An incremental
 * marking of the old generation may still fall in one of the two runs and not the other,
 * which moves a count by a few thousand: a count far from its neighbours' is worth a rerun.
 *
 *   node bench/e2e/instructions.mjs [--shapes raw,handler/handler,channel/channel,tasks]
 *     [--interconnect ump,lmp] [--warmup 100000] [--from 20000] [--to 40000]
 *
 * The sources are transpiled to JavaScript in a temporary copy first (with TypeScript's
 * `transpileModule`), so that no loader thread runs beside the benchmark: under tsx that
 * thread makes the count drift by a few hundred instructions a round trip. V8 runs
 * single-threaded, with fixed seeds. Needs `valgrind` on the PATH; takes a few minutes a
 * shape.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What each shape's count is compared with, as the wall-clock benchmark compares them. */
const BASES = { 'handler/handler': 'raw', 'channel/channel': 'handler/handler', tasks: 'handler/handler' };
const PACKAGES = ['runtime', 'kernel-sim'];
const SOURCES = ['packages/runtime/src', 'packages/kernel-sim/src', 'bench/e2e', 'examples'];

const { values } = parseArgs({
  options: {
    shapes: { type: 'string', default: 'raw,handler/handler,channel/channel,tasks' },
    interconnect: { type: 'string', default: 'ump,lmp' },
    warmup: { type: 'string', default: '100000' },
    from: { type: 'string', default: '20000' },
    to: { type: 'string', default: '40000' },
  },
});
const warmup = Number(values.warmup);
const from = Number(values.from);
const to = Number(values.to);
if (!(Number.isInteger(warmup) && warmup >= 0)) {
  console.error(`--warmup must be a whole number, got ${values.warmup}`);
  process.exit(2);
}
if (!(Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > from)) {
  console.error(`--from and --to must be whole numbers with 0 < from < to, got ${values.from} and ${values.to}`);
  process.exit(2);
}
if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind is not installed (apt-get install valgrind)');
  process.exit(2);
}

const tree = mkdtempSync(path.join(os.tmpdir(), 'e2e-instructions-'));
try {
  transpile(tree);
  console.log(`instructions per round trip (callgrind, ${to} - ${from} round trips after ${warmup} of warm-up), node ${process.version}`);
  for (const interconnect of values.interconnect.split(',')) {
    const counts = {};
    for (const shape of values.shapes.split(',')) {
      counts[shape] = (instructions(tree, shape, interconnect, to) - instructions(tree, shape, interconnect, from)) / (to - from);
      const base = BASES[shape];
      const ratio = base !== undefined && counts[base] !== undefined ? `  ${(counts[shape] / counts[base]).toFixed(2)}x ${base}` : '';
      console.log(`  ${interconnect} ${shape.padEnd(16)} ${Math.round(counts[shape]).toLocaleString('en-US').padStart(7)}${ratio}`);
    }
  }
} finally {
  rmSync(tree, { recursive: true, force: true });
}

/** Copies the sources the benchmark runs into `tree` as JavaScript, the packages resolving to them. */
function transpile(tree) {
  for (const dir of SOURCES) {
    for (const file of readdirSync(path.join(ROOT, dir), { recursive: true })) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      const source = readFileSync(path.join(ROOT, dir, file), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      const out = path.join(tree, dir, file.replace(/\.ts$/, '.js'));
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, outputText);
    }
  }
  mkdirSync(path.join(tree, 'node_modules/@flounder-ts'), { recursive: true });
  for (const name of PACKAGES) {
    const manifest = { name: `@flounder-ts/${name}`, type: 'module', exports: { '.': './src/index.js' } };
    writeFileSync(path.join(tree, 'packages', name, 'package.json'), JSON.stringify(manifest));
    symlinkSync(path.join(tree, 'packages', name), path.join(tree, 'node_modules/@flounder-ts', name));
  }
  writeFileSync(path.join(tree, 'package.json'), JSON.stringify({ type: 'module' }));
}

/** The instructions of one run of `shape` for `trips` round trips. */
function instructions(tree, shape, interconnect, trips) {
  const out = path.join(tree, 'callgrind.out');
  const args = ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', '--random-seed=1', '--hash-seed=1'];
  args.push('bench/e2e/main.js', '--shapes', shape, '--interconnect', interconnect, '--trips', String(trips), '--rounds', '1', '--warmup', String(warmup));
  const run = spawnSync('valgrind', args, { cwd: tree, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${shape} over ${interconnect} failed:\n${run.stdout}\n${run.stderr.split('\n').slice(-20).join('\n')}`);
  const summary = /^summary: (\d+)/m.exec(readFileSync(out, 'utf8'));
  if (summary === null) throw new Error(`no summary in ${out}`);
  return Number(summary[1]);
}
