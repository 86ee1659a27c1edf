/**
 * Runs fuzz cases in a worker thread, so that the thread that started it can stop it if a
 * case never finishes. Posts `{ case }` before each case, a `{ failure }` for each
 * misbehaviour and `{ done, slowestMs, slowestCase }` at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { corpusIncludes, corpusInterfaces } from '../corpus.js';
import { fuzzCase } from './cases.js';
import { misbehaviour } from './property.js';

const { seed, first, count } = workerData as { seed: number; first: number; count: number };
const interfaces = corpusInterfaces();
const includes = corpusIncludes();
let slowestMs = 0;
let slowestCase = first;
for (let index = first; index < first + count; index++) {
  parentPort!.postMessage({ case: index });
  const { source, steps } = fuzzCase(interfaces, seed, index);
  const start = performance.now();
  const problem = misbehaviour(source, includes);
  const ms = performance.now() - start;
  if (ms > slowestMs) [slowestMs, slowestCase] = [ms, index];
  if (problem !== undefined) parentPort!.postMessage({ failure: { index, file: source.file, steps, problem } });
}
parentPort!.postMessage({ done: true, slowestMs, slowestCase });
