/**
 * The stress and fairness scenarios (A1, A12-A17) with CI counts; `CHAN_STRESS=full` (what
 * `packages/runtime/scripts/stress.ts` sets) runs Go's full counts.
 */
import { describe, it } from 'vitest';
import { FULL } from './helpers.js';
import {
  doubleSelect,
  nonblockRecvRace,
  nonblockSelectRace,
  selectFairness,
  selectStress,
  taskChain,
  testChan,
} from './scenarios.js';

const count = (full: number, ci: number) => (FULL ? full : ci);
const timeout = FULL ? 600_000 : 30_000;

describe('stress scenarios', { timeout }, () => {
  it(`A1 TestChan: every capacity below ${count(200, 20)}`, () => testChan(count(200, 20)));
  it(`A12 doubleselect: ${count(100_000, 10_000)} values through a 4-way select send`, () =>
    doubleSelect(count(100_000, 10_000)));
  it(`A13 goroutines: a chain of ${count(10_000, 10_000)} tasks`, () => taskChain(count(10_000, 10_000)));
  it(`A14 TestSelectFairness: ${count(10_000, 10_000)} selects over two full channels`, () =>
    selectFairness(count(10_000, 10_000)));
  it(`A15 TestSelectStress: N = ${count(100_000, 2_000)}`, () => selectStress(count(100_000, 2_000)));
  it(`A16 TestNonblockSelectRace: ${count(100_000, 1_000)} rounds`, () => nonblockSelectRace(count(100_000, 1_000)));
  it(`A17 TestNonblockRecvRace: ${count(10_000, 1_000)} rounds`, () => nonblockRecvRace(count(10_000, 1_000)));
});
