/**
 * The Flounder grammar, as one chevrotain parser class producing a concrete syntax tree.
 *
 * ```
 * interfaceFile ::= "interface" NAME [STRING] "{" declaration* "}" ";"
 * includeFile   ::= declaration*
 * declaration   ::= aliasDeclaration | typedefDeclaration | messageDeclaration
 * aliasDeclaration   ::= "alias" NAME NAME ";"
 * typedefDeclaration ::= "typedef" ( structDefinition NAME | enumDefinition NAME
 *                                   | NAME NAME ["[" NUMBER "]"] ) ";"
 * structDefinition   ::= "struct" "{" structField* "}"
 * structField        ::= NAME NAME ";"
 * enumDefinition     ::= "enum" "{" NAME ("," NAME)* "}"
 * messageDeclaration ::= backendParams* ("message" | "rpc") NAME "(" [argument ("," argument)*] ")" ";"
 * argument           ::= ["in" | "out"] NAME NAME ["[" [NAME ","] NUMBER "]"]
 * backendParams      ::= "@" NAME "(" [backendParam ("," backendParam)*] ")"
 * backendParam       ::= NAME "=" (NUMBER | NAME)
 * ```
 *
 * The grammar is deliberately a little wider than Flounder's, so that common mistakes reach the
 * checker and get a precise message instead of a bare syntax error: declarations of any kind
 * in any order (types must come before messages), an empty struct, a direction on any
 * argument, and `[N]` on any argument.
 * @module
 */
import type { CstNode, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { CstParser, EOF, tokenLabel } from './chevrotain.js';
import {
  Alias,
  At,
  Comma,
  Enum,
  Equals,
  Identifier,
  In,
  Interface,
  KEYWORDS,
  LCurly,
  LParen,
  LSquare,
  Message,
  NumberLiteral,
  Out,
  RCurly,
  RESERVED_WORDS,
  RParen,
  Rpc,
  RSquare,
  Semicolon,
  StringLiteral,
  Struct,
  TOKEN_TYPES,
  Typedef,
} from './lexer.js';
import { closestName } from './spelling.js';

class FlounderParser extends CstParser {
  constructor() {
    super([...TOKEN_TYPES], { recoveryEnabled: true, errorMessageProvider: syntaxErrors });
    this.performSelfAnalysis();
  }

  interfaceFile = this.RULE('interfaceFile', () => {
    this.CONSUME(Interface);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'description' }));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.declaration));
    this.CONSUME(RCurly);
    this.CONSUME(Semicolon);
  });

  includeFile = this.RULE('includeFile', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE('declaration', () => {
    this.OR({
      ERR_MSG: "a declaration ('alias', 'typedef', 'message' or 'rpc')",
      DEF: [
        { ALT: () => this.SUBRULE(this.aliasDeclaration) },
        { ALT: () => this.SUBRULE(this.typedefDeclaration) },
        { ALT: () => this.SUBRULE(this.messageDeclaration) },
      ],
    });
  });

  aliasDeclaration = this.RULE('aliasDeclaration', () => {
    this.CONSUME(Alias);
    this.CONSUME1(Identifier, { LABEL: 'name' });
    this.CONSUME2(Identifier, { LABEL: 'target' });
    this.CONSUME(Semicolon);
  });

  typedefDeclaration = this.RULE('typedefDeclaration', () => {
    this.CONSUME(Typedef);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.structDefinition);
          this.CONSUME1(Identifier, { LABEL: 'name' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.enumDefinition);
          this.CONSUME2(Identifier, { LABEL: 'name' });
        },
      },
      {
        ALT: () => {
          this.CONSUME3(Identifier, { LABEL: 'target' });
          this.CONSUME4(Identifier, { LABEL: 'name' });
          this.OPTION(() => {
            this.CONSUME(LSquare);
            this.CONSUME(NumberLiteral, { LABEL: 'length' });
            this.CONSUME(RSquare);
          });
        },
      },
    ]);
    this.CONSUME(Semicolon);
  });

  structDefinition = this.RULE('structDefinition', () => {
    this.CONSUME(Struct);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.structField));
    this.CONSUME(RCurly);
  });

  structField = this.RULE('structField', () => {
    this.CONSUME1(Identifier, { LABEL: 'type' });
    this.CONSUME2(Identifier, { LABEL: 'name' });
    this.CONSUME(Semicolon);
  });

  enumDefinition = this.RULE('enumDefinition', () => {
    this.CONSUME(Enum);
    this.CONSUME(LCurly);
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => this.CONSUME(Identifier, { LABEL: 'item' }),
    });
    this.CONSUME(RCurly);
  });

  messageDeclaration = this.RULE('messageDeclaration', () => {
    this.MANY(() => this.SUBRULE(this.backendParams));
    this.OR([{ ALT: () => this.CONSUME(Message) }, { ALT: () => this.CONSUME(Rpc) }]);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.argument) });
    this.CONSUME(RParen);
    this.CONSUME(Semicolon);
  });

  argument = this.RULE('argument', () => {
    this.OPTION1(() => {
      this.OR([
        { ALT: () => this.CONSUME(In, { LABEL: 'direction' }) },
        { ALT: () => this.CONSUME(Out, { LABEL: 'direction' }) },
      ]);
    });
    this.CONSUME1(Identifier, { LABEL: 'type' });
    this.CONSUME2(Identifier, { LABEL: 'name' });
    this.OPTION2(() => {
      this.CONSUME(LSquare);
      this.OPTION3(() => {
        this.CONSUME3(Identifier, { LABEL: 'length' });
        this.CONSUME(Comma);
      });
      this.CONSUME(NumberLiteral, { LABEL: 'max' });
      this.CONSUME(RSquare);
    });
  });

  backendParams = this.RULE('backendParams', () => {
    this.CONSUME(At);
    this.CONSUME(Identifier, { LABEL: 'backend' });
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.backendParam) });
    this.CONSUME(RParen);
  });

  backendParam = this.RULE('backendParam', () => {
    this.CONSUME1(Identifier, { LABEL: 'key' });
    this.CONSUME(Equals);
    this.OR([
      { ALT: () => this.CONSUME(NumberLiteral, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME2(Identifier, { LABEL: 'value' }) },
    ]);
  });
}

/**
 * Whether a missing token belongs at the end of the previous token rather than before the one
 * found: the found token is on a later line (or is the end of the file), as when a `;` is
 * forgotten at the end of a line.
 */
export function missingAfterPrevious(found: IToken, previous: IToken | undefined): boolean {
  if (previous === undefined || Number.isNaN(previous.endLine ?? Number.NaN)) return false;
  return found.tokenType === EOF || (found.startLine ?? 0) > (previous.endLine ?? 0);
}

function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  if (RESERVED_WORDS.includes(token.tokenType)) return `reserved word '${token.image}'`;
  return `'${token.image}'`;
}

function describeExpected(types: readonly TokenType[]): string {
  const labels = [...new Set(types.map((t) => tokenLabel(t)))];
  if (labels.length <= 1) return labels[0] ?? 'nothing';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** `; did you mean 'message'?` when a name found looks like a misspelt expected keyword. */
function keywordSuggestion(found: IToken, expected: readonly TokenType[]): string {
  if (found.tokenType !== Identifier) return '';
  const words = expected.filter((t) => KEYWORDS.includes(t)).map((t) => tokenLabel(t).slice(1, -1));
  const suggestion = closestName(found.image, words);
  return suggestion === undefined ? '' : `; did you mean '${suggestion}'?`;
}

function expectedButFound(expected: string, expectedTypes: readonly TokenType[], found: IToken, previous: IToken): string {
  if (missingAfterPrevious(found, previous) && found.tokenType !== EOF) {
    return `expected ${expected} after '${previous.image}'`;
  }
  return `expected ${expected} but found ${describeFound(found)}${keywordSuggestion(found, expectedTypes)}`;
}

/**
 * What a rule really expects where it closes a list: chevrotain names only the closing token,
 * but the list could also have gone on.
 */
function expectedAtListEnd(ruleName: string, expected: TokenType, previous: IToken): [string, TokenType[]] | undefined {
  const opened = previous.tokenType === LParen || previous.tokenType === LCurly;
  switch (`${ruleName} ${expected.name}`) {
    case 'includeFile EOF':
      return ["a type declaration ('alias' or 'typedef')", [Alias, Typedef]];
    case 'interfaceFile RCurly':
      return ["a declaration ('alias', 'typedef', 'message' or 'rpc') or '}'", [Alias, Typedef, Message, Rpc]];
    case 'structDefinition RCurly':
      return ["a field or '}'", []];
    case 'enumDefinition RCurly':
      return ["',' or '}'", []];
    case 'messageDeclaration RParen':
      return [opened ? "an argument or ')'" : "',' or ')'", opened ? [In, Out] : []];
    case 'backendParams RParen':
      return [opened ? "a parameter or ')'" : "',' or ')'", []];
    default:
      return undefined;
  }
}

const syntaxErrors: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const [description, types] = expectedAtListEnd(ruleName, expected, previous) ?? [tokenLabel(expected), [expected]];
    return expectedButFound(description, types, actual, previous);
  },
  buildNotAllInputParsedMessage({ firstRedundant, ruleName }) {
    return ruleName === 'includeFile'
      ? `expected a type declaration ('alias' or 'typedef') but found ${describeFound(firstRedundant)}`
      : `unexpected ${describeFound(firstRedundant)} after the end of the interface`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, customUserDescription }) {
    const firsts = expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0]!));
    return expectedButFound(customUserDescription ?? describeExpected(firsts), firsts, actual[0]!, previous);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, customUserDescription }) {
    const firsts = expectedIterationPaths.map((path) => path[0]!);
    return expectedButFound(customUserDescription ?? describeExpected(firsts), firsts, actual[0]!, previous);
  },
};

/** The one parser instance: building it analyses the grammar, which is worth doing once. */
export const parser = new FlounderParser();

export type StartRule = 'interfaceFile' | 'includeFile';

/** Parses tokens from `rule`; syntax errors are left in `parser.errors`. */
export function parseTokens(tokens: IToken[], rule: StartRule): CstNode {
  parser.input = tokens;
  return rule === 'interfaceFile' ? parser.interfaceFile() : parser.includeFile();
}
