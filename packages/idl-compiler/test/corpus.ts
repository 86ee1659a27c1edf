/**
 * Where the Flounder corpus is (`../shared/flounder-corpus` from the repository root), found
 * from this file's location, not the working directory. Tests that need it skip when it is
 * absent, as on a fresh clone outside the development machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceText } from '../src/index.js';

export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/flounder-corpus/', import.meta.url));

export const corpusAvailable = existsSync(`${CORPUS_DIR}if`);

/** Why corpus tests are skipped, for their titles. */
export const CORPUS_SKIP_NOTE = corpusAvailable ? '' : ' (skipped: ../shared/flounder-corpus not found)';

/** Says on the console, once per test file, that its corpus tests are skipped and why. */
export function warnIfCorpusMissing(what: string): void {
  if (!corpusAvailable) console.warn(`${what}: skipped, the Flounder corpus is not at ${CORPUS_DIR}`);
}

/** The includes Barrelfish's build passes for x86_64, in order. */
export const CORPUS_INCLUDE_NAMES = ['include/platform/x86_64.if', 'include/arch/x86_64.if', 'include/types.if'];

/** A corpus file's text, named relative to the corpus (`if/ping_pong.if`). */
export function corpusFile(name: string): SourceText {
  return { file: name, text: readFileSync(CORPUS_DIR + name, 'utf8') };
}

/** The includes' texts; none when the corpus is absent (so a skipped suite can still be declared). */
export function corpusIncludes(): SourceText[] {
  return corpusAvailable ? CORPUS_INCLUDE_NAMES.map(corpusFile) : [];
}

/** Every interface of the corpus, named `if/NAME.if`; none when the corpus is absent. */
export function corpusInterfaces(): SourceText[] {
  if (!corpusAvailable) return [];
  return readdirSync(`${CORPUS_DIR}if`)
    .filter((f) => f.endsWith('.if'))
    .sort()
    .map((f) => corpusFile(`if/${f}`));
}

/** The reference compiler's layout of `if/NAME.if`, as far as the front end is concerned. */
export interface ReferenceLayout {
  readonly interface: string;
  readonly messages: readonly { msgnum: number; name: string; kind: string; args: string }[];
}

export function referenceLayout(name: string): ReferenceLayout {
  return JSON.parse(readFileSync(`${CORPUS_DIR}layouts/${name}.json`, 'utf8')) as ReferenceLayout;
}
