import { describe, expect, it } from 'vitest';
import { checkSources, resolve, type Argument, type Interface, type Type } from '../src/index.js';
import { CORPUS_SKIP_NOTE, corpusAvailable, corpusIncludes, corpusInterfaces, referenceLayout, warnIfCorpusMissing } from './corpus.js';
import { modelViolations } from './model-invariants.js';

/** An argument as the reference layout's `args` string writes it. */
function showArgument(arg: Argument): string {
  const type = (t: Type): string => (t.kind === 'alias' ? `${t.name}=${t.resolved.name}` : t.name);
  switch (arg.kind) {
    case 'plain':
      return `${type(arg.type)} ${arg.name}`;
    case 'string':
      return `String ${arg.name}[${arg.maxSize}]`;
    case 'dynamic-array':
      return `${type(arg.element)} ${arg.name}[${arg.lengthName}, ${arg.maxLength}]`;
  }
}

warnIfCorpusMissing('corpus tests');

describe.skipIf(!corpusAvailable)(`the Flounder corpus${CORPUS_SKIP_NOTE}`, () => {
  const interfaces = corpusInterfaces();
  const result = checkSources(interfaces, corpusIncludes());
  const byName = new Map<string, Interface>(result.interfaces.map((m) => [m.name, m]));

  it('has 59 interfaces, and all of them parse and check with the three includes', () => {
    expect(interfaces).toHaveLength(59);
    expect(result.diagnostics).toEqual([]);
    expect(result.interfaces).toHaveLength(59);
  });

  it.each(interfaces.map((i) => i.file.replace(/^if\/|\.if$/g, '')))('%s: numbers, kinds and arguments match the reference', (name) => {
    const model = byName.get(name)!;
    const reference = referenceLayout(name);
    expect(model.name).toBe(reference.interface);
    expect(model.messages.map((m) => ({ msgnum: m.number, name: m.name, kind: m.kind, args: m.arguments.map(showArgument).join(', ') }))).toEqual(
      reference.messages.map(({ msgnum, name, kind, args }) => ({ msgnum, name, kind, args })),
    );
  });

  it('gives models that keep every invariant model.ts promises', () => {
    for (const model of result.interfaces) expect(modelViolations(model), model.name).toEqual([]);
  });

  it('keeps the builtin meaning of iref and errval although types.if and arch/x86_64.if alias them', () => {
    const monitor = byName.get('monitor')!;
    const iref = monitor.messages.flatMap((m) => m.arguments).find((a) => a.kind === 'plain' && a.name === 'iref');
    expect(iref).toMatchObject({ kind: 'plain', type: { kind: 'builtin', name: 'iref' } });
    expect(monitor.types.map((t) => t.name)).not.toContain('iref');
    expect(monitor.types.map((t) => t.name)).not.toContain('errval');
  });

  it('lets an interface redeclare an included type: intermon declares its own coreid', () => {
    const intermon = byName.get('intermon')!;
    const coreids = intermon.types.filter((t) => t.name === 'coreid');
    expect(coreids).toHaveLength(1);
    expect(coreids[0]).toMatchObject({ origin: 'interface', position: { file: 'if/intermon.if' } });
    expect(intermon.types.find((t) => t.name === 'genpaddr')).toMatchObject({ origin: 'include', position: { file: 'include/platform/x86_64.if' } });
  });

  it('resolves structs, fixed arrays and dynamic arrays of aliases (monitor.if: coreid to[len, 128])', () => {
    const intermon = byName.get('intermon')!;
    const caprep = intermon.types.find((t) => t.name === 'caprep');
    expect(caprep).toMatchObject({ kind: 'struct', fields: [{ name: 'w0' }, { name: 'w1' }, { name: 'w2' }, { name: 'w3' }] });
    expect(intermon.types.find((t) => t.name === 'coremask')).toMatchObject({ kind: 'array', length: 4, element: { name: 'uint64' } });
    const dynamic = result.interfaces.flatMap((m) => m.messages.flatMap((msg) => msg.arguments)).filter((a) => a.kind === 'dynamic-array');
    expect(dynamic.length).toBeGreaterThan(10);
    for (const arg of dynamic) expect(['char', 'int8', 'uint8']).toContain(resolve(arg.element).name);
  });

  it('reads legacy int as int32 (bench.if)', () => {
    const bench = byName.get('bench')!;
    const payload = bench.messages.find((m) => m.name === 'fsb_payload1_request')!;
    expect(payload.arguments[0]).toMatchObject({ kind: 'plain', name: 'word0', type: { kind: 'builtin', name: 'int32' } });
  });
});
