/**
 * The channel benchmark: flounder-ts against ts-chan and @paybase/csp on the same shapes, in
 * one run, as a table (issue 4's goals beside it).
 *
 *   npx tsx --conditions=source bench/chan/main.ts [--quick] [--json FILE]
 *
 * Each library runs in a child process of its own, so that no library's
 * code shares call sites, compiled code or garbage with another. Every figure is the best of
 * several timed runs after a warm-up (runs until a second has passed, so that compiled code and
 * not the interpreter is timed; on a shared machine interference only ever adds time); `--quick`
 * warms up for 150 ms, times each shape once on a small count and finishes in seconds, with
 * figures that are indicative only. Compare figures within one run.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LIBS, type Lib, type LibName } from './libs.js';
import { pingPong, ring, select4, stream, streamTryFirst } from './shapes.js';

interface Shape {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  /** Go 1.19 on the development machine (../shared/reference/thesis-evaluation.md), where known. */
  readonly go?: number;
  /** The goal for flounder-ts in ns, where issue 4 sets one. */
  readonly goal?: number;
  run(lib: Lib<unknown, unknown>, messages: number): Promise<number | null>;
}

const RING_SIZES = [10, 100, 1000, 10_000];
const SHAPES: Shape[] = [
  { key: 'pingpong', label: 'unbuffered ping-pong', unit: 'ns/round trip', go: 245, goal: 1.25 * 245, run: (lib, n) => pingPong(lib, n) },
  { key: 'stream0', label: 'unbuffered stream', unit: 'ns/msg', run: (lib, n) => stream(lib, 0, n) },
  { key: 'stream128', label: 'buffered (128) stream', unit: 'ns/msg', go: 34, goal: 34, run: (lib, n) => stream(lib, 128, n) },
  { key: 'stream128try', label: 'buffered (128) stream, try-first', unit: 'ns/msg', go: 34, goal: 34, run: (lib, n) => streamTryFirst(lib, 128, n) },
  ...RING_SIZES.map(
    (size): Shape => ({
      key: `ring${size}`,
      label: `ring of ${size} tasks`,
      unit: 'ns/hop',
      run: (lib, n) => ring(lib, size, Math.max(2, Math.round(n / size))),
    }),
  ),
  { key: 'select4', label: 'select over 4 channels', unit: 'ns/select', run: (lib, n) => select4(lib, n) },
];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    lib: { type: 'string' },
  },
});
const messages = values.quick ? 20_000 : 200_000;
const repeats = values.quick ? 1 : 5;
const warmUpMs = values.quick ? 150 : 1000;

if (values.lib !== undefined) await measure(values.lib);
else report();

/** In a child: every shape for one library, as one JSON object on stdout. */
async function measure(name: string): Promise<void> {
  if (!(name in LIBS)) throw new Error(`--lib: unknown library ${JSON.stringify(name)}; known: ${Object.keys(LIBS).join(', ')}`);
  const lib = LIBS[name as LibName] as Lib<unknown, unknown>;
  const results: Record<string, number | null> = {};
  for (const shape of SHAPES) {
    // Warm up until the engine has compiled the hot paths: the interpreter is not measured.
    const warmUntil = performance.now() + warmUpMs;
    do await shape.run(lib, messages);
    while (performance.now() < warmUntil);
    const runs: number[] = [];
    for (let i = 0; i < repeats; i++) {
      // No forced GC between runs: it shrinks the young generation, and the next runs pay for it.
      await new Promise((resolve) => setImmediate(resolve));
      const ns = await shape.run(lib, messages);
      if (ns === null) break;
      runs.push(ns);
    }
    results[shape.key] = runs.length === 0 ? null : Math.min(...runs);
  }
  process.stdout.write(JSON.stringify(results));
  process.exit(0); // tasks left blocked by the shapes (csp has no close) must not keep us alive
}

/** In the parent: run each library in its own process and print the table. */
function report(): void {
  const self = fileURLToPath(import.meta.url);
  const results: Record<string, Record<string, number | null>> = {};
  for (const name of Object.keys(LIBS)) {
    const args = ['--conditions=source', '--import', 'tsx', self, '--lib', name];
    if (values.quick) args.push('--quick');
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) {
      process.stderr.write(`bench/chan: ${name} failed (exit ${child.status}):\n${child.stderr}`);
      process.exit(1);
    }
    results[name] = JSON.parse(child.stdout) as Record<string, number | null>;
  }

  const fmt = (ns: number | null | undefined) => (ns == null ? 'n/a' : ns < 100 ? ns.toFixed(1) : ns.toFixed(0));
  const names = Object.keys(LIBS) as LibName[];
  const others = names.filter((n) => n !== 'ours');
  const rows = [
    [
      'shape',
      'unit',
      ...names.map((n) => LIBS[n].name),
      'Go 1.19',
      'goal',
      ...others.map((n) => `${LIBS[n].name} / ours`),
    ],
  ];
  for (const shape of SHAPES) {
    const ours = results['ours']![shape.key];
    const met = ours != null && shape.goal !== undefined && ours <= shape.goal;
    const goal = shape.goal === undefined ? '' : `<= ${fmt(shape.goal)} ${met ? 'met' : 'MISSED'}`;
    const ratios = others.map((n) => {
      const other = results[n]![shape.key];
      return other == null || ours == null ? 'n/a' : `${(other / ours).toFixed(1)}x`;
    });
    rows.push([shape.label, shape.unit, ...names.map((n) => fmt(results[n]![shape.key])), fmt(shape.go), goal, ...ratios]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(2)}; ` +
      `${messages} messages per run, best of ${repeats}${values.quick ? ' (--quick)' : ''}. Go figures: reference, not measured in this run.`,
  );
  console.log(line(rows[0]!));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows.slice(1)) console.log(line(r));
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify({ messages, repeats, results }, null, 2) + '\n');
}
