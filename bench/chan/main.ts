/**
 * The channel benchmark: flounder-ts against ts-chan and @paybase/csp on the same shapes, in
 * one run, as a table (the runtime's goals beside it). A last column, `floor`, is the least a
 * promise-based channel can cost (libs.ts): what no JavaScript channel whose operations return
 * promises can go below, where each operation is awaited.
 *
 *   npx tsx --conditions=source bench/chan/main.ts [--quick] [--json FILE]
 *
 * Each library runs in a child process of its own, so that no library's code shares call sites,
 * compiled code or garbage with another. For each shape every child warms up (until a second
 * has passed, so that compiled code and not the interpreter is timed), then the libraries are
 * timed in turn, run after run, so that they share whatever load the machine has; each figure
 * is the best of five runs (interference only ever adds time). `--quick` warms up for 150 ms and
 * times runs of 10,000 messages instead of 200,000: it finishes in seconds, and its figures are
 * indicative only. Compare figures within one run.
 */
import { fork, type ChildProcess } from 'node:child_process';
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
  /** Go 1.19 on the development machine, from the thesis evaluation's reference figures, where known. */
  readonly go?: number;
  /** The goal for flounder-ts in ns, where the runtime has one. */
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
const messages = values.quick ? 10_000 : 200_000;
const repeats = 5;
const warmUpMs = values.quick ? 150 : 1000;

if (values.lib !== undefined) serve(values.lib);
else await report();

/** A request from the parent: warm a shape up, or time one run of it. */
interface Request {
  readonly shape: string;
  readonly warm: boolean;
}

/** In a child: runs the shapes the parent asks for, for one library, and answers with ns. */
function serve(name: string): void {
  if (!(name in LIBS)) throw new Error(`--lib: unknown library ${JSON.stringify(name)}; known: ${Object.keys(LIBS).join(', ')}`);
  const lib = LIBS[name as LibName] as Lib<unknown, unknown>;
  process.on('message', async ({ shape: key, warm }: Request) => {
    const shape = SHAPES.find((s) => s.key === key)!;
    let ns: number | null;
    if (warm) {
      // Until the engine has compiled the hot paths: the interpreter is not what we time.
      const warmUntil = performance.now() + warmUpMs;
      do ns = await shape.run(lib, messages);
      while (ns !== null && performance.now() < warmUntil);
    } else {
      ns = await shape.run(lib, messages);
    }
    process.send!({ ns });
  });
}

/**
 * In the parent: one child per library; for each shape, warm every child up, then time the
 * libraries in turn, run after run, so that they share whatever load the machine has.
 */
async function report(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const children = Object.fromEntries(
    (Object.keys(LIBS) as LibName[]).map((name) => [
      name,
      fork(self, ['--lib', name, ...(values.quick ? ['--quick'] : [])], {
        execArgv: ['--conditions=source', '--import', 'tsx'],
      }),
    ]),
  ) as Record<LibName, ChildProcess>;
  const ask = (name: LibName, request: Request) =>
    new Promise<number | null>((resolve, reject) => {
      const child = children[name];
      const onExit = (code: number | null) => reject(new Error(`the ${name} child exited (code ${code})`));
      child.once('exit', onExit);
      child.once('message', (answer: { ns: number | null }) => {
        child.off('exit', onExit);
        resolve(answer.ns);
      });
      child.send(request);
    });
  const results = Object.fromEntries(Object.keys(LIBS).map((n) => [n, {} as Record<string, number | null>]));
  try {
    for (const shape of SHAPES) {
      for (const name of Object.keys(children) as LibName[]) await ask(name, { shape: shape.key, warm: true });
      const best: Partial<Record<LibName, number | null>> = {};
      for (let i = 0; i < repeats; i++) {
        for (const name of Object.keys(children) as LibName[]) {
          const ns = await ask(name, { shape: shape.key, warm: false });
          best[name] = ns === null ? null : Math.min(best[name] ?? Infinity, ns);
        }
      }
      for (const name of Object.keys(children) as LibName[]) results[name]![shape.key] = best[name] ?? null;
    }
  } finally {
    for (const child of Object.values(children)) child.kill();
  }

  const fmt = (ns: number | null | undefined) => (ns == null ? 'n/a' : ns < 100 ? ns.toFixed(1) : ns.toFixed(0));
  const names = Object.keys(LIBS) as LibName[];
  const others = names.filter((n) => n !== 'ours' && n !== 'floor');
  const rows = [
    [
      'shape',
      'unit',
      ...names.map((n) => LIBS[n].name),
      'Go 1.19',
      'goal',
      ...others.map((n) => `${LIBS[n].name} / ours`),
      'ours / floor',
    ],
  ];
  for (const shape of SHAPES) {
    const ours = results['ours']![shape.key];
    const met = ours != null && shape.goal !== undefined && ours <= shape.goal;
    const goal = shape.goal === undefined ? '' : `<= ${fmt(shape.goal)} ${met ? 'met' : 'MISSED'}`;
    const ratio = (a: number | null | undefined, b: number | null | undefined) =>
      a == null || b == null ? 'n/a' : `${(a / b).toFixed(1)}x`;
    const ratios = [...others.map((n) => ratio(results[n]![shape.key], ours)), ratio(ours, results['floor']![shape.key])];
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
