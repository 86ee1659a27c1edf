/**
 * Generated modules on disk, for tests that compile or import them. They are written under
 * the package's `.tmp/` so that `@flounder-ts/runtime` resolves from them as it does for a
 * user (through `node_modules`), and removed by the caller.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSources, type Interface, type SourceText } from '../../src/index.js';
import { corpusIncludes, corpusInterfaces } from '../corpus.js';

const TMP = fileURLToPath(new URL('../../.tmp/', import.meta.url));

export interface GeneratedSet {
  readonly dir: string;
  /** The checked interfaces, in corpus order. */
  readonly interfaces: readonly Interface[];
  /** The path of each interface's module, by interface name. */
  readonly files: ReadonlyMap<string, string>;
  remove(): void;
}

/** Generates `NAME.ts` for each interface into a fresh directory named after `purpose`. */
export async function generate(
  purpose: string,
  interfaces: readonly SourceText[],
  includes: readonly SourceText[],
  format: boolean,
): Promise<GeneratedSet> {
  const dir = join(TMP, `${purpose}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const result = await compileSources(interfaces, includes, { format });
  if (!result.ok)
    throw new Error(`the interfaces do not check: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  const files = new Map<string, string>();
  for (const output of result.outputs) {
    const path = join(dir, output.fileName);
    writeFileSync(path, output.text);
    files.set(output.fileName.replace(/\.ts$/, ''), path);
  }
  return { dir, interfaces: result.interfaces, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The modules of the whole corpus. */
export function generateCorpus(purpose: string, format: boolean): Promise<GeneratedSet> {
  return generate(purpose, corpusInterfaces(), corpusIncludes(), format);
}
