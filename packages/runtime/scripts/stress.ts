/**
 * The stress and fairness scenarios (the conformance plan's A1, A12-A17) at Go's full counts;
 * CI runs them with smaller ones (test/chan/stress.test.ts).
 *
 *   npx tsx --conditions=source packages/runtime/scripts/stress.ts
 *
 * Prints each scenario with its time and exits 1 at the first violation.
 */
import { STRESS_SCENARIOS } from '../test/chan/scenarios.js';

for (const scenario of STRESS_SCENARIOS) {
  const name = scenario.title(scenario.full);
  const start = performance.now();
  try {
    const detail = await scenario.run(scenario.full);
    const ms = (performance.now() - start).toFixed(0);
    console.log(`ok    ${name} (${ms} ms)${detail ? ` ${JSON.stringify(detail)}` : ''}`);
  } catch (error) {
    console.log(`FAIL  ${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
