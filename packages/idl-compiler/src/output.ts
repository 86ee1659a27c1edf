/**
 * Writing outputs: each file appears whole or not at all (written beside its final name, then
 * renamed over it), and a file whose content would not change is not touched, so its
 * timestamp stays and watchers of it stay quiet.
 * @module
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Output } from './emit.js';

async function unchanged(path: string, text: string): Promise<boolean> {
  try {
    return (await readFile(path, 'utf8')) === text;
  } catch {
    return false;
  }
}

/**
 * Writes every output into `dir` (created if needed). Returns the paths it wrote, leaving out
 * the files that were already up to date. Throws the file system's error, naming the path.
 */
export async function writeOutputs(dir: string, outputs: readonly Output[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const { fileName, text } of outputs) {
    const path = join(dir, fileName);
    if (await unchanged(path, text)) continue;
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, text);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    written.push(path);
  }
  return written;
}

/**
 * The paths in `dir` of the outputs whose file is missing or differs from what it should
 * be (`flounderc --check`). Writes nothing.
 */
export async function staleOutputs(dir: string, outputs: readonly Output[]): Promise<string[]> {
  const stale: string[] = [];
  for (const { fileName, text } of outputs) {
    const path = join(dir, fileName);
    if (!(await unchanged(path, text))) stale.push(path);
  }
  return stale;
}
