/**
 * Runs the codec property tests (test/codegen/roundtrip.test.ts) with full counts: every
 * message of every corpus interface, LMP and UMP, `--runs` random messages each (500 by
 * default; the test suite runs 15).
 *
 *   npx tsx packages/idl-compiler/scripts/codec-properties.ts [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '500' } } });
const root = fileURLToPath(new URL('../../../', import.meta.url));
const result = spawnSync('npx', ['vitest', 'run', 'packages/idl-compiler/test/codegen/roundtrip.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FLOUNDER_PROPERTY_RUNS: values.runs },
});
process.exit(result.status ?? 1);
