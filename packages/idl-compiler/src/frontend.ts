/**
 * The front end as one step: from `.if` files (and `-i` includes) to checked models and
 * diagnostics. Includes are parsed once and shared by every interface.
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { IncludeNode } from './ast.js';
import { check } from './check.js';
import { type Diagnostic, fileDiagnostic, sortDiagnostics } from './diagnostics.js';
import type { Interface } from './model.js';
import { parse, parseInclude } from './parse.js';

/** A file's name (as diagnostics and positions will show it) and its text. */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

export interface FrontEndResult {
  /** The model of every interface that checked without error, in the order given. */
  readonly interfaces: readonly Interface[];
  /** Every error, includes' first, then each interface's in the order given. */
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, to show diagnostics with their source lines. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Checks interfaces given as text. */
export function checkSources(interfaces: readonly SourceText[], includes: readonly SourceText[] = []): FrontEndResult {
  const diagnostics: Diagnostic[] = [];
  const includeNodes: IncludeNode[] = [];
  for (const { file, text } of includes) {
    const parsed = parseInclude(text, file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.ast !== undefined) includeNodes.push(parsed.ast);
  }
  const models: Interface[] = [];
  for (const { file, text } of interfaces) {
    const parsed = parse(text, file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.ast === undefined) continue;
    const checked = check(parsed.ast, { includes: includeNodes });
    // Every interface reports the same errors in the includes; sorting keeps one of each.
    diagnostics.push(...checked.diagnostics);
    if (checked.model !== undefined) models.push(checked.model);
  }
  const sources = new Map([...includes, ...interfaces].map(({ file, text }) => [file, text]));
  return { interfaces: models, diagnostics: sortDiagnostics(diagnostics), sources };
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (error as Error).message;
  }
}

async function read(files: readonly string[], unreadable: Diagnostic[]): Promise<SourceText[]> {
  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, text: await readFile(file, 'utf8') };
      } catch (error) {
        unreadable.push(fileDiagnostic(file, `cannot read file: ${readError(error)}`));
        return undefined;
      }
    }),
  );
  return texts.filter((t) => t !== undefined);
}

/** Reads and checks `.if` files with the `-i` files `includes`, in order. */
export async function checkFiles(files: readonly string[], includes: readonly string[] = []): Promise<FrontEndResult> {
  const unreadable: Diagnostic[] = [];
  const includeTexts = await read(includes, unreadable);
  const interfaceTexts = await read(files, unreadable);
  const result = checkSources(interfaceTexts, includeTexts);
  return { ...result, diagnostics: [...unreadable, ...result.diagnostics] };
}
