/**
 * The compiler as one call, for build tools and the command line: check the interfaces, run
 * the back ends asked for, and write (or check) their outputs.
 * @module
 */
import type { Diagnostic } from './diagnostics.js';
import { emit, EMIT_KINDS, type EmitKind, type Output } from './emit.js';
import { checkFiles, checkSources, type FrontEndResult, type SourceText } from './frontend.js';
import type { Interface } from './model.js';
import { staleOutputs, writeOutputs } from './output.js';

export interface CompileOptions {
  /** The `-i` files, in order: declarations every interface sees. */
  readonly includes?: readonly string[];
  /** What to produce, by `--emit` kind name (default: the TypeScript module, `ts`). */
  readonly emit?: readonly string[];
  /** Whether to format generated code with prettier (default true). */
  readonly format?: boolean;
  /**
   * Where to write the outputs. Each file is written whole or not at all, and a file already
   * up to date is left untouched. Without it, nothing is written.
   */
  readonly outDir?: string;
  /** With `outDir`: write nothing, and report in `stale` the outputs that are missing or differ. */
  readonly check?: boolean;
}

export interface CompileResult {
  /** Whether every interface checked without error (nothing is written otherwise). */
  readonly ok: boolean;
  /** Every error, in the order `formatDiagnostics` expects. */
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every file read, to show diagnostics with their source lines. */
  readonly sources: ReadonlyMap<string, string>;
  /** The checked interfaces, in the order given. */
  readonly interfaces: readonly Interface[];
  /** What the back ends produced, per interface in order. */
  readonly outputs: readonly Output[];
  /** The paths written (with `outDir`), leaving out the files that were already up to date. */
  readonly written: readonly string[];
  /** With `check`: the paths of the outputs that are missing or out of date. */
  readonly stale: readonly string[];
}

/** The emit kinds named (default: those on by default); throws a `TypeError` for an unknown name. */
export function emitKinds(names: readonly string[] | undefined): EmitKind[] {
  if (names === undefined) return EMIT_KINDS.filter((k) => k.byDefault);
  return [...new Set(names)].map((name) => {
    const kind = EMIT_KINDS.find((k) => k.name === name);
    if (kind === undefined) {
      throw new TypeError(`unknown emit kind '${name}' (known: ${EMIT_KINDS.map((k) => k.name).join(', ')})`);
    }
    return kind;
  });
}

/** Lets the back ends prepare for `count` interfaces while the front end reads and checks them. */
function prepare(kinds: readonly EmitKind[], count: number, options: CompileOptions): readonly EmitKind[] {
  for (const kind of kinds) kind.prepare?.(count, { format: options.format ?? true });
  return kinds;
}

/** Runs the back ends on a front end's result and writes or checks the outputs. */
async function backEnds(
  front: FrontEndResult,
  kinds: readonly EmitKind[],
  options: CompileOptions,
): Promise<CompileResult> {
  const base = { diagnostics: front.diagnostics, sources: front.sources, interfaces: front.interfaces };
  if (front.diagnostics.length > 0) return { ...base, ok: false, outputs: [], written: [], stale: [] };
  const outputs = await emit(front.interfaces, kinds, { format: options.format ?? true });
  const dir = options.outDir;
  if (dir === undefined) return { ...base, ok: true, outputs, written: [], stale: [] };
  if (options.check) return { ...base, ok: true, outputs, written: [], stale: await staleOutputs(dir, outputs) };
  return { ...base, ok: true, outputs, written: await writeOutputs(dir, outputs), stale: [] };
}

/**
 * Compiles `.if` files: checks them (with `options.includes`), then, if there is no error,
 * produces the outputs of the kinds asked for and writes or checks them in `options.outDir`.
 * Errors in the input come back as `diagnostics`; a file system error writing an output is
 * thrown.
 */
export async function compile(files: readonly string[], options: CompileOptions = {}): Promise<CompileResult> {
  const kinds = prepare(emitKinds(options.emit), files.length, options);
  return backEnds(await checkFiles(files, options.includes ?? []), kinds, options);
}

/** {@link compile} for interfaces and includes given as text. */
export async function compileSources(
  interfaces: readonly SourceText[],
  includes: readonly SourceText[] = [],
  options: Omit<CompileOptions, 'includes'> = {},
): Promise<CompileResult> {
  const kinds = prepare(emitKinds(options.emit), interfaces.length, options);
  return backEnds(checkSources(interfaces, includes), kinds, options);
}
