#!/usr/bin/env node
// Runs the benchmarks: by default the evaluation of the thesis' chapter 4 (ping-pong, ring,
// breakdown), whose results and charts go to bench/results/ and docs/evaluation.md reads.
//
//   npm run bench [-- [--quick] [--out DIR] [NAME ...]]
//
// NAME is a benchmark of bench/: pingpong, ring, breakdown (the evaluation, the default), or
// chan, kernel, compiler, e2e, threads (the components'), or all. --quick runs the small
// version of each (under a minute for the evaluation) into a new temporary directory unless
// --out says where: a quick run never overwrites the committed results of a full run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EVALUATION = ['pingpong', 'ring', 'breakdown'];
const COMPONENTS = ['chan', 'kernel', 'compiler', 'e2e', 'threads'];
const KNOWN = [...EVALUATION, ...COMPONENTS];
const USAGE = `usage: npm run bench [-- [--quick] [--out DIR] [NAME ...]]
  NAME: ${KNOWN.join(', ')}, or all (default: ${EVALUATION.join(', ')})`;

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
} catch (err) {
  fail(err.message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const names = [...new Set(positionals.length === 0 ? EVALUATION : positionals.flatMap((n) => (n === 'all' ? KNOWN : [n])))];
for (const name of names) if (!KNOWN.includes(name)) fail(`no benchmark '${name}'`);

const out = path.resolve(values.out ?? (values.quick ? mkdtempSync(path.join(os.tmpdir(), 'flounder-bench-')) : path.join(ROOT, 'bench/results')));
mkdirSync(out, { recursive: true });
const started = performance.now();

/** Runs a command in the repository, its output shown; stops everything if it fails. */
function run(what, command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${what} failed (${result.signal ?? `exit code ${result.status}`})`);
    process.exit(1);
  }
}

for (const name of names) {
  const main = path.join('bench', name, 'main.ts');
  if (!existsSync(path.join(ROOT, main))) fail(`bench/${name}/main.ts does not exist`);
  console.log(`\n=== ${name}`);
  // The compiler benchmark times the built compiler, as its users run it.
  if (name === 'compiler') run('npm run build', process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b']);
  const flags = [...(values.quick ? ['--quick'] : []), ...(EVALUATION.includes(name) ? ['--out', out] : ['--json', path.join(out, `${name}.json`)])];
  run(`bench/${name}`, process.execPath, ['--import', 'tsx', '--conditions=source', main, ...flags]);
}
console.log(`\n${names.length === 1 ? 'benchmark' : 'benchmarks'} done in ${((performance.now() - started) / 1000).toFixed(1)} s; results in ${out}`);
