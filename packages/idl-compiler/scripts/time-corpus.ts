/**
 * Times parse + check of the whole corpus (59 interfaces, with the three x86_64 includes) in
 * one process: the first pass (cold: the JIT has seen nothing yet) and the steady state, in
 * wall time and in CPU time (which a machine busy with other work disturbs less).
 *
 *   npx tsx packages/idl-compiler/scripts/time-corpus.ts [--passes N] [--quick]
 */
import { parseArgs } from 'node:util';
import { CORPUS_DIR, corpusAvailable, corpusIncludes, corpusInterfaces } from '../test/corpus.js';

const { values } = parseArgs({ options: { passes: { type: 'string', default: '30' }, quick: { type: 'boolean', default: false } } });
const passes = values.quick ? 5 : Number(values.passes);
if (!corpusAvailable) {
  console.error(`time-corpus: the corpus is not at ${CORPUS_DIR}`);
  process.exit(2);
}
const interfaces = corpusInterfaces();
const includes = corpusIncludes();
const lines = [...interfaces, ...includes].reduce((n, s) => n + s.text.split('\n').length, 0);

// Loading the front end builds the lexer and analyses the grammar once.
const loadStart = performance.now();
const { checkSources } = await import('../src/index.js');
const loadMs = performance.now() - loadStart;

const times: number[] = [];
const cpuTimes: number[] = [];
for (let pass = 0; pass < passes; pass++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = checkSources(interfaces, includes);
  const cpu = process.cpuUsage(cpuStart);
  times.push(performance.now() - start);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  if (result.interfaces.length !== interfaces.length || result.diagnostics.length > 0) {
    console.error('time-corpus: the corpus did not check cleanly');
    process.exit(1);
  }
}
const ms = (t: number): string => `${t.toFixed(1)} ms`;
const summary = (values: number[]): { median: number; min: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]! };
};
const wall = summary(times);
const cpu = summary(cpuTimes);
console.log(`corpus: ${interfaces.length} interfaces + ${includes.length} includes, ${lines} lines; ${passes} passes of parse + check in one process`);
console.log(`  load (lexer, grammar analysis): ${ms(loadMs)}`);
console.log(`  first pass (cold):              ${ms(times[0]!)} wall, ${ms(cpuTimes[0]!)} CPU`);
console.log(`  steady state, wall: median ${ms(wall.median)}, min ${ms(wall.min)}`);
console.log(`  steady state, CPU:  median ${ms(cpu.median)}, min ${ms(cpu.min)} (${((cpu.median * 1000) / lines).toFixed(1)} µs a line)`);
