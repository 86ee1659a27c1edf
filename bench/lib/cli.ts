/**
 * The command line every evaluation benchmark takes:
 *
 *   npx tsx --conditions=source bench/<name>/main.ts [--quick] [--out DIR]
 *
 * `--quick` runs a small version, fit for a smoke test; its results are rough. `--out` says
 * where the JSON and SVG files go: the committed `bench/results/` for a full run, a new
 * temporary directory for a quick one, so a quick run never overwrites a full run's results.
 * @module
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTS_DIR } from './results.js';

/** What a benchmark was asked to do. */
export interface BenchOptions {
  readonly quick: boolean;
  /** The directory its results go to. */
  readonly out: string;
}

/** Reads the command line; a bad one ends the process with a message saying what was wrong. */
export function benchOptions(usage: string): BenchOptions {
  let values: { quick?: boolean; out?: string };
  try {
    ({ values } = parseArgs({
      options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (err) {
    usageError(err instanceof Error ? err.message : String(err), usage);
  }
  const quick = values.quick ?? false;
  const out = values.out ?? (quick ? mkdtempSync(path.join(os.tmpdir(), 'flounder-bench-')) : RESULTS_DIR);
  return { quick, out: path.resolve(out) };
}

/** Ends the process for a bad command line: what was wrong, then the usage, and status 2. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\nusage: ${usage}`);
  process.exit(2);
}
