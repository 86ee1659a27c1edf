/**
 * The stress and fairness scenarios (go-channel-semantics.md A1, A12-A17) at Go's full counts;
 * CI runs them with smaller ones (test/chan/stress.test.ts).
 *
 *   npx tsx --conditions=source packages/runtime/scripts/stress.ts
 *
 * Prints each scenario with its time and exits 1 at the first violation.
 */
import {
  doubleSelect,
  nonblockRecvRace,
  nonblockSelectRace,
  selectFairness,
  selectStress,
  taskChain,
  testChan,
} from '../test/chan/scenarios.js';

const scenarios: [string, () => Promise<unknown>][] = [
  ['A1 TestChan, capacities 0..199', () => testChan(200)],
  ['A12 doubleselect, 100,000 values', () => doubleSelect(100_000)],
  ['A13 goroutines, a chain of 10,000 tasks', () => taskChain(10_000)],
  ['A14 TestSelectFairness, 10,000 selects', () => selectFairness(10_000)],
  ['A15 TestSelectStress, N = 100,000', () => selectStress(100_000)],
  ['A16 TestNonblockSelectRace, 100,000 rounds', () => nonblockSelectRace(100_000)],
  ['A17 TestNonblockRecvRace, 10,000 rounds', () => nonblockRecvRace(10_000)],
];

for (const [name, run] of scenarios) {
  const start = performance.now();
  try {
    const detail = await run();
    const ms = (performance.now() - start).toFixed(0);
    console.log(`ok    ${name} (${ms} ms)${detail ? ` ${JSON.stringify(detail)}` : ''}`);
  } catch (error) {
    console.log(`FAIL  ${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
