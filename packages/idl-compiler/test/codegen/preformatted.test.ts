/**
 * Parts of a module skip prettier: the generator lays them out itself (`literal.ts`,
 * `messages.ts`, `front-end.ts`) and sets them aside while prettier formats the rest (`preformatted.ts`). This
 * checks, for every corpus and example interface, that they are laid out exactly as prettier
 * lays them out. The descriptor's messages: prettier formats them as the generator wrote them
 * before (flat, one a line), and what it gives must be the piece the generator now writes.
 * The message types and the API functions: prettier lays an interface or a function out the
 * same whatever its input's layout, so it must leave each piece as it is.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSources, type Interface, type SourceText } from '../../src/index.js';
import { GenContext } from '../../src/codegen/context.js';
import { messageLiterals } from '../../src/codegen/descriptor.js';
import { layOut, literal } from '../../src/codegen/literal.js';
import { buildModule, prettierFormat } from '../../src/codegen/module.js';
import { setAside } from '../../src/codegen/preformatted.js';
import { CORPUS_SKIP_NOTE, corpusAvailable, corpusIncludes, corpusInterfaces } from '../corpus.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/idl/', import.meta.url));

async function checked(interfaces: readonly SourceText[], includes: readonly SourceText[]): Promise<readonly Interface[]> {
  const result = await compileSources(interfaces, includes, { emit: ['ast'] });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return result.interfaces;
}

/** What prettier makes of an interface's messages, written flat as the generator wrote them before. */
async function byPrettier(model: Interface): Promise<string> {
  const lines = messageLiterals(new GenContext(model)).map(([name, flat]) => `    ${name}: ${flat},`);
  const text = `export const x = defineInterface<X>({\n  messages: {\n${lines.join('\n')}\n  },\n});\n`;
  const formatted = await prettierFormat(text);
  return formatted.slice(formatted.indexOf('{\n    '), formatted.lastIndexOf('\n  }') + 4);
}

async function expectLaidOutAsPrettier(models: readonly Interface[]): Promise<void> {
  const kinds = new Set<string>();
  for (const model of models) {
    const { pieces } = setAside(buildModule(model));
    // The descriptor's messages (an object), and whole declarations: message types, API functions.
    const messages = pieces.filter((p) => p.startsWith('{'));
    const declarations = pieces.filter((p) => !p.startsWith('{'));
    expect(messages, model.name).toEqual([await byPrettier(model)]);
    for (const piece of declarations) {
      kinds.add(/^export (interface|function)/m.exec(piece)?.[1] ?? 'other');
      expect(await prettierFormat(piece), model.name).toBe(`${piece}\n`);
    }
  }
  expect([...kinds].sort()).toEqual(['function', 'interface']);
}

describe('what the generator lays out itself', () => {
  it('are laid out as prettier lays them out, for the examples', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.if'));
    const sources = files.map((f) => ({ file: `${EXAMPLES}${f}`, text: readFileSync(`${EXAMPLES}${f}`, 'utf8') }));
    await expectLaidOutAsPrettier(await checked(sources, []));
  });

  it.skipIf(!corpusAvailable)(`are laid out as prettier lays them out, for every corpus interface${CORPUS_SKIP_NOTE}`, async () => {
    await expectLaidOutAsPrettier(await checked(corpusInterfaces(), corpusIncludes()));
  }, 60_000);

  it('break where prettier breaks: past the width, and rows of a matrix always', async () => {
    const value = { a: [['x', 'y'], ['z', 'w']], b: [['x'], ['y']], c: "it's", d: { 'p.q': 'r' } };
    const text = `const v = {\n  m: ${literal(value)},\n};\n`;
    const expected = await prettierFormat(text);
    expect(`const v = {\n  m: ${layOut(value, 5, 2, 1)},\n};\n`).toBe(expected);
    const wide = { words: Array.from({ length: 12 }, (_, i) => `field${i}`) };
    expect(`const v = {\n  m: ${layOut(wide, 5, 2, 1)},\n};\n`).toBe(await prettierFormat(`const v = {\n  m: ${literal(wide)},\n};\n`));
  });
});
