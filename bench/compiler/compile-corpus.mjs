// One process compiling the whole Flounder corpus with the built compiler, as `flounderc`
// would: run by bench/compiler/main.ts in fresh processes, so the first compile is cold
// (it loads ts-morph, TypeScript and prettier and warms them up, as every `flounderc` run
// does, with ts-morph's code cache from an earlier run), the next ones warm (as `--watch` or
// a build server sees them).
//
//   node bench/compiler/compile-corpus.mjs CORPUS_DIR OUT_DIR format|raw RUNS
//
// Prints one JSON line: { compileMs: [first, ...rest], processMs (to the end of the first),
// cpuMs (all threads, all compiles), interfaces, bytes }.
import { readdirSync } from 'node:fs';

const [corpus, outDir, mode, runs] = process.argv.slice(2);
const { compile } = await import('../../packages/idl-compiler/dist/index.js');
const files = readdirSync(`${corpus}/if`)
  .filter((f) => f.endsWith('.if'))
  .sort()
  .map((f) => `${corpus}/if/${f}`);
const includes = ['platform/x86_64.if', 'arch/x86_64.if', 'types.if'].map((f) => `${corpus}/include/${f}`);
const compileMs = [];
let result;
let processMs;
for (let i = 0; i < Number(runs); i++) {
  const start = performance.now();
  result = await compile(files, { includes, format: mode === 'format', outDir: `${outDir}/${i}` });
  compileMs.push(performance.now() - start);
  // From the process' start (Node's own start-up included) to the end of the first compile.
  processMs ??= performance.now();
  if (!result.ok) throw new Error(`the corpus does not compile: ${result.diagnostics[0]?.message}`);
}
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    compileMs,
    processMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    interfaces: result.interfaces.length,
    bytes: result.outputs.reduce((n, o) => n + o.text.length, 0),
  }),
);
