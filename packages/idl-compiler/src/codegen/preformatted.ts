/**
 * Text the generator lays out itself, which prettier then skips. The generator marks it
 * where it stands in a module's text; before formatting, each marked piece is swapped for a
 * placeholder identifier (which prettier leaves as it is, on the line where the piece begins)
 * and put back after. The pieces are laid out as prettier would lay them out where they stand
 * (`literal.ts`, `messages.ts`; a test compares the two over the corpus), so the output is
 * what prettier alone would give, for less work.
 * @module
 */

const OPEN = '/*<flounderc:preformatted>*/';
/**
 * A marked piece's line breaks travel as this character: ts-morph's writer indents every line
 * it writes, and the piece's lines are indented already.
 */
const NEWLINE = '\uE000';
const CLOSE = '/*</flounderc:preformatted>*/';
const PLACEHOLDER = '__flounderc_preformatted_';
/** What follows a placeholder that stands for whole statements: prettier gives it a semicolon. */
const STATEMENT = 'statement;';

/** Marks `text` as laid out already. */
export function preformatted(text: string): string {
  return `${OPEN}${text.replaceAll('\n', NEWLINE)}${CLOSE}`;
}

/**
 * Marks `text`, one or more whole statements, as laid out already. A blank line goes before
 * it, outside the mark, as ts-morph puts one before the statements it prints itself.
 */
export function preformattedStatement(text: string): string {
  return `\n${preformatted(text)}${STATEMENT}`;
}

/** A module's text with each marked piece swapped for a placeholder, and the pieces. */
export function setAside(text: string): { text: string; pieces: string[] } {
  const pieces: string[] = [];
  let out = '';
  let from = 0;
  for (let start = text.indexOf(OPEN); start >= 0; start = text.indexOf(OPEN, from)) {
    const end = text.indexOf(CLOSE, start);
    out += `${text.slice(from, start)}${placeholder(pieces.length)}`;
    pieces.push(text.slice(start + OPEN.length, end).replaceAll(NEWLINE, '\n'));
    from = end + CLOSE.length;
  }
  return { text: out + text.slice(from), pieces };
}

/** Puts the pieces {@link setAside} took back in place of their placeholders. */
export function putBack(text: string, pieces: readonly string[]): string {
  return pieces.reduce((out, piece, index) => {
    const id = placeholder(index);
    const at = out.indexOf(id);
    const end = at + id.length + (out.startsWith(STATEMENT, at + id.length) ? STATEMENT.length : 0);
    return out.slice(0, at) + piece + out.slice(end);
  }, text);
}

/** The placeholder of piece `index`; it ends in `_` so that no placeholder begins another. */
function placeholder(index: number): string {
  return `${PLACEHOLDER}${index}_`;
}

/**
 * A module's text with the marks taken off, its pieces where they stand: for output that is
 * not formatted, so each piece is indented anew to line up with the line it begins on (a
 * piece's last line is indented as the line it begins on will be once formatted).
 */
export function unmarked(text: string): string {
  const { text: out, pieces } = setAside(text);
  const indentation = (line: string): number => line.length - line.trimStart().length;
  return putBack(
    out,
    pieces.map((piece, index) => {
      const at = out.indexOf(placeholder(index));
      const line = out.slice(out.lastIndexOf('\n', at) + 1, at);
      const shift = indentation(line) - indentation(piece.slice(piece.lastIndexOf('\n') + 1));
      return shift <= 0 ? piece : piece.replaceAll('\n', `\n${' '.repeat(shift)}`);
    }),
  );
}
