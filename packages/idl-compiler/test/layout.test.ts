/** `flounderc --emit layout`: the wire layout, compared with the reference compiler's for the whole corpus. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSources, compileSources, layoutInterface, layoutToJson, type Slot } from '../src/index.js';
import {
  CORPUS_DIR,
  CORPUS_SKIP_NOTE,
  corpusAvailable,
  corpusIncludes,
  corpusInterfaces,
  warnIfCorpusMissing,
} from './corpus.js';

warnIfCorpusMissing('layout tests');

describe.skipIf(!corpusAvailable)(`--emit layout on the corpus${CORPUS_SKIP_NOTE}`, () => {
  const interfaces = corpusInterfaces();
  const names = interfaces.map((i) => i.file.replace(/^if\/|\.if$/g, ''));

  it.each(names)('%s.layout.json is byte for byte the reference layout', async (name) => {
    const source = interfaces[names.indexOf(name)]!;
    const result = await compileSources([source], corpusIncludes(), { emit: ['layout'] });
    expect(result.diagnostics).toEqual([]);
    expect(result.outputs.map((o) => o.fileName)).toEqual([`${name}.layout.json`]);
    expect(result.outputs[0]!.text).toBe(readFileSync(`${CORPUS_DIR}layouts/${name}.json`, 'utf8'));
  });
});

describe('layouts beyond the corpus', () => {
  const layout = (text: string) => {
    const result = checkSources([{ file: 'x.if', text }]);
    expect(result.diagnostics).toEqual([]);
    return layoutInterface(result.interfaces[0]!);
  };
  const words = (slots: readonly (readonly Slot[])[]) =>
    slots.map((w) =>
      w.map((s) => `${typeof s.field === 'string' ? s.field : s.field.path.join('/')}[${s.lo},${s.hi})`).join(' '),
    );

  it('flattens fixed arrays and nested structs into their elements and fields, in declaration order', () => {
    const x = layout(`interface x {
      typedef struct { uint8 lo; uint8 hi; } pair;
      typedef pair pairs[2];
      typedef struct { pairs p; bool on; } outer;
      message m(outer o, uint16 n);
    };`);
    const lmp = x.messages[0]!.lmp.fragments[0]!;
    expect(lmp.kind === 'words' && words(lmp.words)).toEqual([
      // n (16 bits) no longer fits after 49 bits: it starts word 1, and the token follows it.
      'MSGNUM[0,16) o/on[16,17) o/p/0/lo[17,25) o/p/0/hi[25,33) o/p/1/lo[33,41) o/p/1/hi[41,49)',
      'n[0,16) TOKEN[16,48)',
    ]);
  });

  it('starts a new LMP fragment after 10 words and a new UMP slot after 7', () => {
    const args = Array.from({ length: 12 }, (_, i) => `uint64 w${i}`).join(', ');
    const x = layout(`interface x { message m(${args}); };`);
    const { lmp, ump } = x.messages[0]!;
    expect(lmp.fragments.map((f) => (f.kind === 'words' ? f.words.length : 'overflow'))).toEqual([10, 3]);
    expect('fragments' in ump && ump.fragments.map((f) => (f.kind === 'words' ? f.words.length : 'overflow'))).toEqual([
      7, 5,
    ]);
  });

  it('writes fixed-array elements as name[i] in the layout JSON', () => {
    const x = layout('interface x { typedef uint32 a3[3]; message m(a3 v); };');
    expect(layoutToJson(x)).toContain('"field":"v[0]","type":"uint32"},{"lo":32,"hi":64,"field":"v[1]"');
  });
});
