/**
 * The generated codecs on the hot path: what encoding a message into its frames, decoding it,
 * and reassembling it from delivered fragments costs, per message, for LMP and UMP, beside
 * the cost of writing the same words by hand (the "raw frames" a binding could send).
 *
 *   npx tsx --conditions=source bench/compiler/codecs.ts [--quick] [--json FILE]
 *
 * The interface is compiled by flounderc and imported like any generated module. Each figure
 * is the best of several timed runs after a warm-up of about a second (`--quick`: 150 ms);
 * on a shared machine interference only ever adds time.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Frames, Reassembler, UMP_WORDS, type InterfaceDescriptor, type MessageCodec } from '@flounder-ts/runtime';
import { compileSources } from '@flounder-ts/idl-compiler';

const IDL = `interface bench_codecs {
  message ping(uint32 client_id, uint32 msg_id);
  message ping64(uint64 seq, uint64 stamp);
  message mixed(uint8 id, int16 vec, bool irq, uint32 size, uint64 va);
  message str(uint32 arg, String s[2048]);
};`;

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } } });
const warmupMs = values.quick ? 150 : 1000;
const runs = values.quick ? 3 : 7;
const count = values.quick ? 200_000 : 2_000_000;

const dir = fileURLToPath(new URL(`../../packages/idl-compiler/.tmp/bench-codecs-${process.pid}/`, import.meta.url));
mkdirSync(dir, { recursive: true });
const compiled = await compileSources([{ file: 'bench_codecs.if', text: IDL }]);
writeFileSync(join(dir, 'bench_codecs.ts'), compiled.outputs[0]!.text);
type Message = { readonly type: string; readonly [k: string]: unknown };
let descriptor: InterfaceDescriptor<Message>;
try {
  ({ benchCodecsInterface: descriptor } = (await import(pathToFileURL(join(dir, 'bench_codecs.ts')).href)) as {
    benchCodecsInterface: InterfaceDescriptor<Message>;
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** ns per call of `body(i)`: best of `runs` timed loops of `count`, after a warm-up. */
function measure(body: (i: number) => unknown): number {
  let sink = 0;
  const loop = (n: number): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) if (body(i) === undefined) sink++;
    return Number(process.hrtime.bigint() - start) / n;
  };
  const until = performance.now() + warmupMs;
  while (performance.now() < until) loop(10_000);
  let best = Infinity;
  for (let r = 0; r < runs; r++) best = Math.min(best, loop(count));
  if (sink < 0) console.log(sink);
  return best;
}

const codec = (name: string) => descriptor.codec(name) as MessageCodec<Message>;
const frames = new Frames();
const rows: [string, number][] = [];
const slot = new Uint32Array(UMP_WORDS * 2);

// Raw frames: the two words of ping written by hand, and read back into an object.
const raw = new Uint32Array(4);
rows.push([
  'raw: ping words by hand (header, client_id, msg_id)',
  measure((i) => {
    raw[0] = 3 | (5 << 16);
    raw[1] = 0;
    raw[2] = i;
    raw[3] = 7;
    return raw;
  }),
]);
rows.push(['raw: ping object from words by hand', measure(() => ({ type: 'ping', clientId: raw[2], msgId: raw[3] }))]);

for (const backend of ['lmp', 'ump'] as const) {
  const rx = new Reassembler(descriptor, backend);
  const deliver =
    backend === 'lmp'
      ? () => rx.pushLmp(frames.u32, 0, frames.size(0), undefined)
      : () => {
          for (let h = 0; h < frames.size(0) * 2; h++) slot[h] = frames.u32[h]!;
          return rx.pushUmp(slot, 0, frames.msgnum, frames.token);
        };
  for (const [name, make] of [
    ['ping', (i: number) => ({ type: 'ping', clientId: i, msgId: 7 })],
    ['ping64', (i: number) => ({ type: 'ping64', seq: BigInt(i & 0xffff), stamp: 1n << 40n })],
    ['mixed', (i: number) => ({ type: 'mixed', id: i & 0xff, vec: -3, irq: true, size: i, va: 0x1000n })],
  ] as const) {
    const c = codec(name);
    const sample = make(1);
    rows.push([`${backend}: encode ${name}`, measure((i) => c.encode(make(i), backend, 5, frames))]);
    c.encode(sample, backend, 5, frames);
    rows.push([`${backend}: decode ${name}`, measure(() => c.decode(frames, backend))]);
    rows.push([`${backend}: deliver ${name} (reassemble + decode)`, measure(deliver)]);
  }
  const str = codec('str');
  const text = 'x'.repeat(100);
  rows.push([`${backend}: encode str (100 bytes)`, measure((i) => str.encode({ type: 'str', arg: i, s: text }, backend, 5, frames))]);
  str.encode({ type: 'str', arg: 1, s: text }, backend, 5, frames);
  rows.push([`${backend}: decode str (100 bytes)`, measure(() => str.decode(frames, backend))]);
}

const width = Math.max(...rows.map(([label]) => label.length));
console.log(`Generated codecs, ns per message (best of ${runs} runs of ${count}, Node ${process.version})`);
for (const [label, ns] of rows) console.log(`${label.padEnd(width)}  ${ns.toFixed(1).padStart(7)} ns`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(Object.fromEntries(rows), null, 2)}\n`);
