/** Fuzz case number `index` of a run with `seed`: a mutated corpus file. */
import type { SourceText } from '../../src/index.js';
import { mutate, randomSource } from './mutate.js';

export function fuzzCase(interfaces: readonly SourceText[], seed: number, index: number): { source: SourceText; steps: readonly string[] } {
  const random = randomSource(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const original = interfaces[Math.floor(random() * interfaces.length)]!;
  const { text, steps } = mutate(original.text, random);
  return { source: { file: original.file, text }, steps };
}
