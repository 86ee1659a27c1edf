/**
 * Fuzzes the front end with mutated corpus files: 10,000 cases by default (CI runs a few
 * hundred in test/fuzz.test.ts).
 *
 *   npx tsx packages/idl-compiler/scripts/fuzz.ts [--cases N] [--seed S]
 *   npx tsx packages/idl-compiler/scripts/fuzz.ts --show I [--seed S]   # print case I
 *
 * Exits 1 if any case made the compiler throw, hang, give a malformed diagnostic or an
 * unsound model.
 */
import { parseArgs } from 'node:util';
import { corpusAvailable, corpusInterfaces, CORPUS_DIR } from '../test/corpus.js';
import { fuzzCase } from '../test/fuzz/cases.js';
import { runFuzz } from '../test/fuzz/run.js';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: String(0x5eed) }, show: { type: 'string' } },
});
const seed = Number(values.seed);
if (!corpusAvailable) {
  console.error(`fuzz: the corpus is not at ${CORPUS_DIR}`);
  process.exit(2);
}
if (values.show !== undefined) {
  const { source, steps } = fuzzCase(corpusInterfaces(), seed, Number(values.show));
  console.log(`// case ${values.show} of seed ${seed}: ${source.file}, ${steps.join('; ')}\n${source.text}`);
  process.exit(0);
}

const cases = Number(values.cases);
const report = await runFuzz({
  cases,
  seed,
  ...(process.stderr.isTTY && { onProgress: (done: number) => process.stderr.write(`\r${done} / ${cases}`) }),
});
if (process.stderr.isTTY) process.stderr.write('\r');
console.log(
  `fuzz: ${cases} mutated corpus files (seed ${seed}) in ${(report.totalMs / 1000).toFixed(1)} s, ` +
    `slowest case ${report.slowestCaseMs.toFixed(1)} ms (case ${report.slowestCase}): ${report.failures.length} failures` +
    (report.hung === undefined ? ', no hang' : `, case ${report.hung} HUNG`),
);
for (const f of report.failures.slice(0, 20)) {
  console.log(`case ${f.index} (${f.file}; ${f.steps.join('; ')}):\n  ${f.problem}`);
}
process.exit(report.failures.length === 0 && report.hung === undefined ? 0 : 1);
