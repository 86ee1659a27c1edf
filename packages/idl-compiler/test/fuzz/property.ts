/**
 * What must hold for any input, however broken: the compiler answers with a model or with
 * diagnostics (never both missing, never an exception), every diagnostic names a real place
 * in a file it was given, and every model keeps the invariants back ends rely on.
 */
import { checkSources, formatDiagnostics, modelToJson, type SourceText } from '../../src/index.js';
import { modelViolations } from '../model-invariants.js';

/** Why the compiler misbehaved on `source`, or undefined if it behaved. */
export function misbehaviour(source: SourceText, includes: readonly SourceText[]): string | undefined {
  let result;
  try {
    result = checkSources([source], includes);
    formatDiagnostics(result.diagnostics, result.sources);
  } catch (error) {
    return `threw ${(error as Error).stack ?? String(error)}`;
  }
  const lines = source.text.split(/\r\n|\r|\n/).length;
  for (const d of result.diagnostics) {
    if (d.file !== source.file) return `diagnostic for another file: ${JSON.stringify(d)}`;
    const l = d.location;
    if (l === undefined || !(l.line >= 1 && l.line <= lines) || !(l.column >= 1) || !(l.length >= 1) || d.message === '') {
      return `malformed diagnostic: ${JSON.stringify(d)}`;
    }
  }
  const [model] = result.interfaces;
  if (result.diagnostics.length === 0 && model === undefined) return 'neither a model nor a diagnostic';
  if (result.diagnostics.length > 0 && model !== undefined) return 'a model despite diagnostics';
  if (model !== undefined) {
    const violations = modelViolations(model);
    if (violations.length > 0) return `model breaks its invariants: ${violations.join('; ')}`;
    JSON.parse(modelToJson(model));
  }
  return undefined;
}
