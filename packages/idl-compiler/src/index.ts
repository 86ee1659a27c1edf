export * from './model.js';
export type * from './ast.js';
export { parse, parseInclude, type ParseResult } from './parse.js';
export { check, type CheckOptions, type CheckResult } from './check.js';
export { checkFiles, checkSources, type FrontEndResult, type SourceText } from './frontend.js';
export {
  formatDiagnostic,
  formatDiagnostics,
  type Diagnostic,
  type DiagnosticLocation,
} from './diagnostics.js';
export { modelToJson } from './model-json.js';
export { EMIT_KINDS, emit, type EmitKind, type EmitOptions, type Output } from './emit.js';
export { writeOutputs } from './output.js';
export { compile, compileSources, emitKinds, type CompileOptions, type CompileResult } from './compile.js';
export { watch, type WatchBuild, type WatchOptions, type Watcher } from './watch.js';
export { staleOutputs } from './output.js';
export * from './layout/index.js';
