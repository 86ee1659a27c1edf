/**
 * Where the evaluation's results go: JSON and SVG files in one directory, each written whole
 * or not at all, and the conditions they were measured under.
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed results of a full run. */
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** The machine and the moment a benchmark ran on. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cpus: number;
  /** The 1-minute load average when the benchmark started and when it ended. */
  readonly load: { readonly start: number; readonly end?: number };
}

/** The conditions now, to be completed with {@link finish} when the run is over. */
export function environment(): Environment {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    load: { start: round(os.loadavg()[0]!, 2) },
  };
}

/** `env` with the load average at the end of the run. */
export function finish(env: Environment): Environment {
  return { ...env, load: { ...env.load, end: round(os.loadavg()[0]!, 2) } };
}

/** One line saying what a run ran on. */
export function describeEnvironment(env: Environment): string {
  const end = env.load.end === undefined ? '' : `, ${env.load.end} at the end`;
  return `node ${env.node}, ${env.cpu} x${env.cpus}, load average ${env.load.start} at the start${end}`;
}

/** Writes `text` to `dir/name` whole: into a temporary file first, then renamed over. */
export function writeResult(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return file;
}

/** Writes `data` as indented JSON to `dir/name`. */
export function writeJson(dir: string, name: string, data: unknown): string {
  return writeResult(dir, name, `${JSON.stringify(data, null, 1)}\n`);
}

/** `x` to `digits` decimal places, for results that should not carry noise digits. */
export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
