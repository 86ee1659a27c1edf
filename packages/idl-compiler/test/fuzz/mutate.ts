/**
 * Mutations of Flounder sources for fuzzing: tokens deleted, duplicated, swapped or replaced,
 * the text truncated, random bytes and random Unicode inserted. Deterministic: the same seed
 * gives the same mutation, so any case can be replayed from its number.
 */

/** A small, fast, seedable PRNG (mulberry32). */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits source text into pieces that concatenate back to it: whitespace, words, numbers, comment markers, single characters. */
function pieces(text: string): string[] {
  return text.match(/\s+|[A-Za-z_][\w']*|\d\w*|\/\*|\*\/|\/\/|[\s\S]/gu) ?? [];
}

/** Words the grammar knows, so replacements reach past the parser into the checker. */
const VOCABULARY = [
  'interface', 'message', 'rpc', 'in', 'out', 'alias', 'typedef', 'struct', 'enum', 'String', 'int', 'uint8',
  'uint32', 'uint64', 'char', 'cap', 'give_away_cap', 'iref', 'errval', 'coreid', '{', '}', '(', ')', '[', ']',
  ';', ',', '=', '@', '"', '/*', '*/', '//', '0', '0x10', '0o7', '4096', '99999999999999999999', 'IN', 'Message',
];

export interface Mutation {
  readonly text: string;
  /** What was done, for reports. */
  readonly steps: readonly string[];
}

/** Applies one to eight random mutations to `text`. */
export function mutate(text: string, random: () => number): Mutation {
  const int = (n: number): number => Math.floor(random() * n);
  const tokens = pieces(text);
  const steps: string[] = [];
  const count = 1 + int(8);
  for (let i = 0; i < count && tokens.length > 0; i++) {
    const at = int(tokens.length);
    switch (int(8)) {
      case 0:
        steps.push(`delete ${JSON.stringify(tokens[at])}`);
        tokens.splice(at, 1);
        break;
      case 1:
        steps.push(`duplicate ${JSON.stringify(tokens[at])}`);
        tokens.splice(at, 0, tokens[at]!);
        break;
      case 2: {
        const other = int(tokens.length);
        steps.push(`swap ${JSON.stringify(tokens[at])} and ${JSON.stringify(tokens[other])}`);
        [tokens[at], tokens[other]] = [tokens[other]!, tokens[at]!];
        break;
      }
      case 3: {
        const word = VOCABULARY[int(VOCABULARY.length)]!;
        steps.push(`replace ${JSON.stringify(tokens[at])} with ${JSON.stringify(word)}`);
        tokens[at] = word;
        break;
      }
      case 4:
        steps.push(`truncate at piece ${at}`);
        tokens.splice(at);
        break;
      case 5: {
        const bytes = Array.from({ length: 1 + int(6) }, () => String.fromCharCode(int(256))).join('');
        steps.push(`insert bytes ${JSON.stringify(bytes)}`);
        tokens.splice(at, 0, bytes);
        break;
      }
      case 6: {
        // Any code point, lone surrogates included: a JavaScript string may hold them.
        const chars = Array.from({ length: 1 + int(4) }, () => String.fromCodePoint(int(0x110000))).join('');
        steps.push(`insert unicode ${JSON.stringify(chars)}`);
        tokens.splice(at, 0, chars);
        break;
      }
      default: {
        const from = int(tokens.length);
        const length = 1 + int(12);
        steps.push(`copy ${length} pieces from ${from} to ${at}`);
        tokens.splice(at, 0, ...tokens.slice(from, from + length));
      }
    }
  }
  return { text: tokens.join(''), steps };
}
