/**
 * The tables the benchmarks print on the terminal: columns as wide as their widest cell.
 * @module
 */

/**
 * The lines of a table of `rows` (the first its header), cells two spaces apart and aligned
 * right, as figures are; with `labels`, the first column is aligned left, as names are.
 */
export function tableLines(rows: readonly (readonly string[])[], labels = false): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (labels && i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}
