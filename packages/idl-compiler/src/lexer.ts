/**
 * The Flounder lexer: Parsec's `javaStyle` token rules as Flounder configures them.
 *
 * - Reserved words (`interface message rpc in out`) are matched case-insensitively and can
 *   never be names. `alias typedef struct enum` are keywords only where the grammar expects
 *   them: elsewhere they are ordinary names (token category `Identifier`).
 * - Names start with a letter; Parsec also allows `'` after the first letter, which no
 *   generated code could carry, so such a name lexes (for a precise error) and is reported.
 * - `//` and nested `/* *\/` comments go to the `comments` group: the parser never sees them,
 *   the AST builder reads them as documentation.
 * - Numbers are decimal, `0x` hex or `0o` octal.
 * @module
 */
import type { CustomPatternMatcherReturn, ILexerErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { createToken, Lexer, tokenMatcher } from './chevrotain.js';
import { type Diagnostic, diagnosticAt } from './diagnostics.js';

export const Identifier = createToken({
  name: 'Identifier',
  label: 'a name',
  pattern: /[a-zA-Z][a-zA-Z0-9_']*/,
});

/** `_name`: Flounder names start with a letter. Parsed as a name, reported by `lex`. */
const BadIdentifier = createToken({
  name: 'BadIdentifier',
  pattern: /_[a-zA-Z0-9_']*/,
  categories: [Identifier],
});

/**
 * `word` in any case. Written `[iI][nN]` rather than with the `i` flag, which makes
 * chevrotain's start-up analysis of the pattern several times slower.
 */
function anyCase(word: string): RegExp {
  return new RegExp([...word].map((c) => `[${c}${c.toUpperCase()}]`).join(''));
}

function keyword(word: string, categories: TokenType[]): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    label: `'${word}'`,
    pattern: anyCase(word),
    longer_alt: Identifier,
    categories,
  });
}

const reserved = (word: string): TokenType => keyword(word, []);
/** A keyword that is still a name wherever a name is expected. */
const contextualKeyword = (word: string): TokenType => keyword(word, [Identifier]);

export const Interface = reserved('interface');
export const Message = reserved('message');
export const Rpc = reserved('rpc');
export const In = reserved('in');
export const Out = reserved('out');
export const Alias = contextualKeyword('alias');
export const Typedef = contextualKeyword('typedef');
export const Struct = contextualKeyword('struct');
export const Enum = contextualKeyword('enum');

/** The words no name may be, for error messages. */
export const RESERVED_WORDS: readonly TokenType[] = [Interface, Message, Rpc, In, Out];
/** Every keyword, for "did you mean" on a misspelt one. */
export const KEYWORDS: readonly TokenType[] = [...RESERVED_WORDS, Alias, Typedef, Struct, Enum];

/** `12ab`, `0x`, `0o9`: a malformed number. Parsed as a number, reported by `lex`. */
const BadNumber = createToken({ name: 'BadNumber', pattern: /[0-9][0-9a-zA-Z_']*/ });

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  label: 'a number',
  pattern: /0[xX][0-9a-fA-F]+|0[oO][0-7]+|[0-9]+/,
  longer_alt: BadNumber,
});
// Each refers to the other: NumberLiteral gives way to the longer BadNumber, which the parser
// then takes as a number. The Lexer reads categories when it is built, below.
BadNumber.CATEGORIES = [NumberLiteral];

export const StringLiteral = createToken({
  name: 'StringLiteral',
  label: 'a string',
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
});

/** A string missing its closing quote on the line. Parsed as a string, reported by `lex`. */
const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  categories: [StringLiteral],
});

/** Finds where the nested block comment starting at `start` ends; `closed` is false at end of input. */
function scanBlockComment(text: string, start: number): { end: number; closed: boolean } {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return { end: i, closed: true };
    } else {
      i++;
    }
  }
  return { end: text.length, closed: false };
}

const BlockComment = createToken({
  name: 'BlockComment',
  pattern: (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (!text.startsWith('/*', offset)) return null;
    const { end } = scanBlockComment(text, offset);
    return [text.slice(offset, end)];
  },
  start_chars_hint: ['/'],
  line_breaks: true,
  group: 'comments',
});

const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\r\n]*/,
  group: 'comments',
});

const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

function punctuation(name: string, text: string): TokenType {
  return createToken({ name, label: `'${text}'`, pattern: text });
}

export const LCurly = punctuation('LCurly', '{');
export const RCurly = punctuation('RCurly', '}');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const LSquare = punctuation('LSquare', '[');
export const RSquare = punctuation('RSquare', ']');
export const Semicolon = punctuation('Semicolon', ';');
export const Comma = punctuation('Comma', ',');
export const Equals = punctuation('Equals', '=');
export const At = punctuation('At', '@');

/** All token types, in matching order (first match wins unless a `longer_alt` is longer). */
export const TOKEN_TYPES: readonly TokenType[] = [
  WhiteSpace,
  BlockComment,
  LineComment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  BadNumber,
  ...KEYWORDS,
  Identifier,
  BadIdentifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LSquare,
  RSquare,
  Semicolon,
  Comma,
  Equals,
  At,
];

/** How a character looks in a message: itself if printable, its code point otherwise. */
export function showCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const printable = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char);
  return printable ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const lexerErrors: ILexerErrorMessageProvider = {
  buildUnexpectedCharactersMessage(text, offset) {
    return `unexpected character ${showCharacter(String.fromCodePoint(text.codePointAt(offset)!))}`;
  },
  buildUnableToPopLexerModeMessage() {
    return 'internal error: lexer mode stack underflow';
  },
};

const lexer = new Lexer([...TOKEN_TYPES], {
  positionTracking: 'full',
  ensureOptimizations: true,
  errorMessageProvider: lexerErrors,
});

export interface LexResult {
  /** The tokens the parser reads. */
  readonly tokens: IToken[];
  /** Every comment, in source order. */
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** The largest number a Flounder file may write: every use of one is a count or a size. */
const MAX_NUMBER = BigInt(Number.MAX_SAFE_INTEGER);

/** The value of a number token; NaN for a malformed one (already reported by `lex`). */
export function numberValue(token: IToken): number {
  if (token.tokenType !== NumberLiteral) return Number.NaN;
  const text = token.image;
  const digits = /^0[oO]/.test(text) ? `0o${text.slice(2)}` : text;
  const value = BigInt(digits);
  return value > MAX_NUMBER ? Number.NaN : Number(value);
}

/** Splits `text` into tokens and comments, and reports every lexical error in it. */
export function lex(text: string, file: string): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = result.errors.map((error) =>
    diagnosticAt(file, { line: error.line ?? 1, column: error.column ?? 1 }, error.length, error.message),
  );
  const report = (token: IToken, message: string): void => {
    diagnostics.push(diagnosticAt(file, tokenStart(token), token.image.length, message));
  };
  for (const token of result.tokens) {
    switch (token.tokenType) {
      case BadIdentifier:
        report(token, `name '${token.image}' must start with a letter`);
        break;
      case BadNumber:
        report(token, `malformed number '${token.image}'`);
        break;
      case UnterminatedString:
        report(token, 'unterminated string: missing closing \'"\' on this line');
        break;
      case NumberLiteral:
        if (Number.isNaN(numberValue(token))) {
          report(token, `number ${token.image} is too large (the largest is ${Number.MAX_SAFE_INTEGER})`);
        }
        break;
      default:
        if (token.image.includes("'") && tokenMatcher(token, Identifier)) {
          report(token, `name '${token.image}' must not contain "'"`);
        }
    }
  }
  const comments = result.groups['comments'] ?? [];
  for (const comment of comments) {
    if (comment.tokenType === BlockComment && !scanBlockComment(comment.image, 0).closed) {
      diagnostics.push(diagnosticAt(file, tokenStart(comment), 2, "unterminated comment: missing '*/'"));
    }
  }
  return { tokens: result.tokens, comments, diagnostics };
}

/** The 1-based line and column where a token starts. */
export function tokenStart(token: IToken): { line: number; column: number } {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1 };
}
