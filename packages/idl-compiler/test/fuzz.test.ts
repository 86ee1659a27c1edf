import { describe, expect, it } from 'vitest';
import { CORPUS_SKIP_NOTE, corpusAvailable, warnIfCorpusMissing } from './corpus.js';
import { runFuzz } from './fuzz/run.js';

warnIfCorpusMissing('fuzz test (it mutates corpus files)');

describe.skipIf(!corpusAvailable)(`fuzzing the front end with mutated corpus files${CORPUS_SKIP_NOTE}`, () => {
  it('answers 300 mutated files with diagnostics or a sound model, and never hangs (scripts/fuzz.ts runs 10,000)', async () => {
    const report = await runFuzz({ cases: 300, seed: 2 });
    expect(report.hung).toBeUndefined();
    expect(report.failures).toEqual([]);
  });
});
