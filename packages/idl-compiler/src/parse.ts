/**
 * From source text to AST: lex, parse with recovery, build the AST, and report every lexical
 * and syntax error found on the way.
 * @module
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { EOF } from './chevrotain.js';
import { buildAst } from './ast-builder.js';
import type { IncludeNode, InterfaceNode } from './ast.js';
import { type Diagnostic, diagnosticAt, sortDiagnostics } from './diagnostics.js';
import { DocComments } from './doc-comments.js';
import { lex } from './lexer.js';
import { missingAfterPrevious, parser, parseTokens, type StartRule } from './parser.js';

export interface ParseResult<T> {
  /** Undefined when the file is too broken to say what it declares. */
  readonly ast: T | undefined;
  /** Every lexical and syntax error, in source order. Empty when the file parsed cleanly. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Where the text ends, for errors found at the end of the file. */
function endOf(text: string): { line: number; column: number } {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function syntaxDiagnostic(error: IRecognitionException, file: string, text: string): Diagnostic {
  const found = error.token;
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  if (previous !== undefined && missingAfterPrevious(found, previous)) {
    return diagnosticAt(file, { line: previous.endLine!, column: previous.endColumn! + 1 }, 1, error.message);
  }
  if (found.tokenType === EOF || Number.isNaN(found.startOffset)) return diagnosticAt(file, endOf(text), 1, error.message);
  return diagnosticAt(file, { line: found.startLine!, column: found.startColumn! }, found.image.length, error.message);
}

/**
 * Drops a syntax error that comes right after another, on the same or the next token: after
 * recovering from one mistake the parser often trips over the mistake's other half
 * (`uint32 a b;` is one mistake, not "expected ';'" and then "expected a name").
 */
function withoutEchoes(errors: readonly IRecognitionException[], tokens: readonly IToken[]): IRecognitionException[] {
  const indexOf = new Map(tokens.map((token, index) => [token, index]));
  const kept: IRecognitionException[] = [];
  let lastIndex = -Infinity;
  for (const error of errors) {
    const index = indexOf.get(error.token);
    if (index !== undefined && index - lastIndex <= 1) continue;
    kept.push(error);
    if (index !== undefined) lastIndex = index;
  }
  return kept;
}

function parseFile<T extends InterfaceNode | IncludeNode>(source: string, file: string, rule: StartRule): ParseResult<T> {
  // A byte order mark is not part of the text, and editors do not count it in columns.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const { tokens, comments, diagnostics } = lex(text, file);
  const cst = parseTokens(tokens, rule);
  const syntaxErrors = withoutEchoes(parser.errors, tokens).map((error) => syntaxDiagnostic(error, file, text));
  const all = sortDiagnostics([...diagnostics, ...syntaxErrors]);
  const ast = buildAst(cst, { file, docs: new DocComments(tokens, comments), partial: all.length > 0 });
  return { ast: ast as T | undefined, diagnostics: all };
}

/**
 * Parses the text of a `.if` file. `file` is how diagnostics and positions name it (and the
 * checker compares the interface name with its base name).
 */
export function parse(text: string, file: string): ParseResult<InterfaceNode> {
  return parseFile<InterfaceNode>(text, file, 'interfaceFile');
}

/** Parses the text of an include (`-i`) file: type declarations only. */
export function parseInclude(text: string, file: string): ParseResult<IncludeNode> {
  return parseFile<IncludeNode>(text, file, 'includeFile');
}
