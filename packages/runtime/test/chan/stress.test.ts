/**
 * The stress and fairness scenarios (A1, A12-A17) with CI counts; `CHAN_STRESS=full` runs Go's
 * full counts here, and `packages/runtime/scripts/stress.ts` runs them outside vitest.
 */
import { describe, it } from 'vitest';
import { FULL } from './helpers.js';
import { STRESS_SCENARIOS } from './scenarios.js';

describe('stress scenarios', { timeout: FULL ? 600_000 : 30_000 }, () => {
  for (const scenario of STRESS_SCENARIOS) {
    const n = FULL ? scenario.full : scenario.ci;
    it(scenario.title(n), () => scenario.run(n));
  }
});
