/**
 * Doc comments: which comment documents which declaration.
 *
 * A node's documentation is
 * - the run of comments just before its first token, with no blank line inside the run or
 *   between it and the node, leaving out a comment that starts on the line of the token before
 *   it (that one ends the previous line); and
 * - a comment starting on the line where the node ends, right after its last token or after
 *   the `,` or `;` that follows it (`typedef uint32 fh; // file handle type`).
 *
 * So a licence header separated by a blank line documents nothing, and a comment ending a line
 * documents what is on that line, not what comes next.
 * @module
 */
import type { IToken } from 'chevrotain';
import { Comma, Semicolon } from './lexer.js';

/** The text of one comment without its markers and the `*` that starts each line of a block. */
function commentText(image: string): string {
  if (image.startsWith('//')) return image.replace(/^\/\/+ ?/, '').trimEnd();
  const body = image.replace(/^\/\*+/, '').replace(/\*+\/$/, '');
  const lines = body.split(/\r\n|\r|\n/).map((line) => line.replace(/^\s*\*? ?/, '').trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** Index of the first element whose `startOffset` is at least `offset`. */
function firstAtOrAfter(tokens: readonly IToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (tokens[mid]!.startOffset < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

const isReal = (token: IToken | undefined): token is IToken =>
  token !== undefined && token.isInsertedInRecovery !== true && !Number.isNaN(token.startOffset);

export class DocComments {
  constructor(
    private readonly tokens: readonly IToken[],
    private readonly comments: readonly IToken[],
  ) {}

  /** The documentation of the node from `first` to `last` (a leading comment only if `last` is absent). */
  docFor(first: IToken, last?: IToken): string | undefined {
    if (this.comments.length === 0 || !isReal(first)) return undefined;
    const parts = [...this.leading(first), ...(isReal(last) ? this.trailing(last) : [])];
    const text = parts.map((c) => commentText(c.image)).filter((t) => t !== '');
    return text.length === 0 ? undefined : text.join('\n');
  }

  private leading(first: IToken): IToken[] {
    const index = firstAtOrAfter(this.tokens, first.startOffset);
    const previous = this.tokens[index - 1];
    const from = previous === undefined ? 0 : firstAtOrAfter(this.comments, previous.endOffset! + 1);
    const to = firstAtOrAfter(this.comments, first.startOffset);
    const run: IToken[] = [];
    let nextLine = first.startLine!;
    for (let i = to - 1; i >= from; i--) {
      const comment = this.comments[i]!;
      if (nextLine - comment.endLine! > 1) break;
      if (previous !== undefined && comment.startLine === previous.endLine) break;
      run.unshift(comment);
      nextLine = comment.startLine!;
    }
    return run;
  }

  private trailing(last: IToken): IToken[] {
    let end = last;
    const next = this.tokens[firstAtOrAfter(this.tokens, last.endOffset! + 1)];
    if (next !== undefined && (next.tokenType === Comma || next.tokenType === Semicolon) && next.startLine === last.endLine) {
      end = next;
    }
    const comment = this.comments[firstAtOrAfter(this.comments, end.endOffset! + 1)];
    const following = this.tokens[firstAtOrAfter(this.tokens, end.endOffset! + 1)];
    if (comment === undefined || comment.startLine !== end.endLine) return [];
    if (following !== undefined && following.startOffset < comment.startOffset) return [];
    return [comment];
  }
}
