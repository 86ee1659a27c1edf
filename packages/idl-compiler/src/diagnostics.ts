/**
 * Diagnostics: what the compiler says about a mistake in its input, and how it prints it.
 *
 * ```
 * ping.if:3:18: error: unknown type 'uint3'; did you mean 'uint32'?
 *     message ping(uint3 client_id);
 *                  ^~~~~
 * ```
 * @module
 */

/** A mistake in an input file. Every diagnostic is an error: the input cannot be compiled. */
export interface Diagnostic {
  /** The file as it was named to the compiler. */
  readonly file: string;
  readonly message: string;
  /** Where in the file; absent when the problem is the file as a whole (it cannot be read). */
  readonly location?: DiagnosticLocation;
}

export interface DiagnosticLocation {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** How many characters to underline, at least 1. */
  readonly length: number;
}

export function diagnosticAt(
  file: string,
  at: { readonly line: number; readonly column: number },
  length: number,
  message: string,
): Diagnostic {
  return { file, message, location: { line: at.line, column: at.column, length: Math.max(1, length) } };
}

/** A diagnostic about a whole file. */
export function fileDiagnostic(file: string, message: string): Diagnostic {
  return { file, message };
}

/**
 * Orders diagnostics by file (in order of first appearance), then line and column, and keeps
 * only the first at any one place: a second one there is nearly always a consequence of it.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of diagnostics) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.file}\0${d.location?.line}\0${d.location?.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      fileOrder.get(a.file)! - fileOrder.get(b.file)! ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}

/** The text of line `line` (1-based) of `text`, without its line terminator. */
function sourceLine(text: string, line: number): string | undefined {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[line - 1];
}

/**
 * `file:line:col: error: message`, then the source line and a caret under the column (with
 * `~` under the rest of the span) when the source text is given.
 */
export function formatDiagnostic(diagnostic: Diagnostic, source?: string): string {
  const { file, location, message } = diagnostic;
  if (location === undefined) return `${file}: error: ${message}`;
  const header = `${file}:${location.line}:${location.column}: error: ${message}`;
  const line = source === undefined ? undefined : sourceLine(source, location.line);
  if (line === undefined) return header;
  // Keep tabs so the caret lines up however the terminal expands them.
  const before = line.slice(0, location.column - 1).replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(location.length, line.length - (location.column - 1)));
  return `${header}\n${line}\n${before}^${'~'.repeat(width - 1)}`;
}

/** Formats every diagnostic, one after the other, each with its source line. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): string {
  return diagnostics.map((d) => formatDiagnostic(d, sources.get(d.file)) + '\n').join('');
}
