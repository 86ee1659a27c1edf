/**
 * Times parse + check of the whole corpus (59 interfaces, with the three x86_64 includes) in
 * one process: the first pass (cold: the JIT has seen nothing yet) and the steady state.
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
for (let pass = 0; pass < passes; pass++) {
  const start = performance.now();
  const result = checkSources(interfaces, includes);
  times.push(performance.now() - start);
  if (result.interfaces.length !== interfaces.length || result.diagnostics.length > 0) {
    console.error('time-corpus: the corpus did not check cleanly');
    process.exit(1);
  }
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
const ms = (t: number): string => `${t.toFixed(1)} ms`;
console.log(`corpus: ${interfaces.length} interfaces + ${includes.length} includes, ${lines} lines; ${passes} passes of parse + check in one process`);
console.log(`  load (lexer, grammar analysis): ${ms(loadMs)}`);
console.log(`  first pass (cold):              ${ms(times[0]!)}`);
console.log(`  steady state: median ${ms(median)}, min ${ms(sorted[0]!)} (${((median * 1000) / lines).toFixed(1)} µs a line)`);
