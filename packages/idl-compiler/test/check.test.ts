/** The checked model: resolution, includes, numbering, rpcs, positions. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, checkFiles, checkSources, parse, parseInclude, resolve, type Interface, type SourceText } from '../src/index.js';

function model(text: string, includes: readonly SourceText[] = []): Interface {
  const result = checkSources([{ file: 't.if', text }], includes);
  expect(result.diagnostics).toEqual([]);
  return result.interfaces[0]!;
}

describe('check', () => {
  it('numbers messages from 3, expanding each rpc in place into its call and response', () => {
    const m = model('interface t {\n  message a();\n  rpc b(in uint8 x, out uint16 y, in uint32 z);\n  message c(uint8 q);\n};\n');
    expect(m.messages.map((msg) => [msg.number, msg.name, msg.kind, msg.rpc])).toEqual([
      [3, 'a', 'message', undefined],
      [4, 'b_call', 'rpc call', 'b'],
      [5, 'b_response', 'rpc response', 'b'],
      [6, 'c', 'message', undefined],
    ]);
    const [rpc] = m.rpcs;
    expect(rpc!.arguments.map((a) => [a.direction, a.name])).toEqual([
      ['in', 'x'],
      ['out', 'y'],
      ['in', 'z'],
    ]);
    expect(rpc!.inArguments.map((a) => a.name)).toEqual(['x', 'z']);
    expect(rpc!.outArguments.map((a) => a.name)).toEqual(['y']);
    expect(rpc!.call).toBe(m.messages[1]);
    expect(rpc!.response).toBe(m.messages[2]);
    expect(rpc!.call.arguments).toEqual(rpc!.inArguments);
    expect(m.messages[0]!.arguments).toEqual([]);
    expect('direction' in m.messages[3]!.arguments[0]!).toBe(false);
  });

  it('gives the interface name as the description when none is written', () => {
    expect(model('interface t { message m(); };').description).toBe('t');
    expect(model('interface t "Test" { message m(); };').description).toBe('Test');
  });

  it('resolves aliases and typedef chains, keeping their own names', () => {
    const m = model('interface t {\n  alias coreid uint8;\n  typedef coreid core;\n  typedef core cores[4];\n  message x(core c, cores cs, int legacy);\n};\n');
    const [c, cs, legacy] = m.messages[0]!.arguments;
    expect(c).toMatchObject({ kind: 'plain', type: { kind: 'typedef', name: 'core', target: { kind: 'alias', name: 'coreid' } } });
    if (c?.kind !== 'plain') throw new Error('plain argument expected');
    expect(resolve(c.type)).toEqual({ kind: 'builtin', name: 'uint8' });
    expect(cs).toMatchObject({ type: { kind: 'array', name: 'cores', length: 4, element: { name: 'core' } } });
    expect(legacy).toMatchObject({ type: { kind: 'builtin', name: 'int32' } });
  });

  it('lists types in declaration order, includes first, marked as included, a later one hiding an earlier one', () => {
    const includes = [
      { file: 'a.if', text: 'alias iref uint32;\nalias coreid uint8;\nalias cycles uint64;\n' },
      { file: 'b.if', text: 'alias cycles uint32;\nalias domainid uint32;\n' },
    ];
    const m = model('interface t {\n  alias coreid uint16;\n  message x(iref i, coreid c, cycles y, domainid d);\n};\n', includes);
    expect(m.includes).toEqual(['a.if', 'b.if']);
    expect(m.types.map((t) => [t.name, t.origin, t.position.file, resolve(t).name])).toEqual([
      ['cycles', 'include', 'b.if', 'uint32'],
      ['domainid', 'include', 'b.if', 'uint32'],
      ['coreid', 'interface', 't.if', 'uint16'],
    ]);
    expect(m.messages[0]!.arguments.map((a) => (a.kind === 'plain' ? `${a.type.kind} ${a.type.name}` : ''))).toEqual([
      'builtin iref',
      'alias coreid',
      'alias cycles',
      'alias domainid',
    ]);
  });

  it('builds string and dynamic array arguments with their sizes and length names', () => {
    const m = model('interface t {\n  alias byte uint8;\n  message x(String s[256], byte b[n, 64], cap c, give_away_cap g);\n};\n');
    expect(m.messages[0]!.arguments).toEqual([
      { kind: 'string', name: 's', position: { file: 't.if', line: 3, column: 20 }, maxSize: 256 },
      {
        kind: 'dynamic-array',
        name: 'b',
        position: { file: 't.if', line: 3, column: 33 },
        element: m.types[0],
        lengthName: 'n',
        lengthPosition: { file: 't.if', line: 3, column: 35 },
        maxLength: 64,
      },
      { kind: 'plain', name: 'c', position: { file: 't.if', line: 3, column: 47 }, type: { kind: 'builtin', name: 'cap' } },
      { kind: 'plain', name: 'g', position: { file: 't.if', line: 3, column: 64 }, type: { kind: 'builtin', name: 'give_away_cap' } },
    ]);
  });

  it('numbers enum items from 0 and carries backend parameters to both halves of an rpc', () => {
    const m = model('interface t {\n  typedef enum { A, B, C } abc;\n  @ata(command=0xEC, dma_arg=buf)\n  rpc id(in abc x, out uint8 buf[n, 512]);\n};\n');
    expect(m.types[0]).toMatchObject({ kind: 'enum', items: [{ name: 'A', value: 0 }, { name: 'B', value: 1 }, { name: 'C', value: 2 }] });
    const params = [{ backend: 'ata', params: [{ name: 'command', value: 236 }, { name: 'dma_arg', value: 'buf' }] }];
    expect(m.rpcs[0]).toMatchObject({ backendParams: params, call: { backendParams: params }, response: { backendParams: params } });
  });

  it('carries doc comments into the model, an rpc`s to both halves', () => {
    const m = model('// The interface.\ninterface t {\n  /* A byte. */\n  alias byte uint8;\n  // Ask.\n  rpc ask(in byte q, // the question\n          out byte a);\n};\n');
    expect(m.doc).toBe('The interface.');
    expect(m.types[0]!.doc).toBe('A byte.');
    expect(m.rpcs[0]!.doc).toBe('Ask.');
    expect(m.messages.map((msg) => msg.doc)).toEqual(['Ask.', 'Ask.']);
    expect(m.rpcs[0]!.arguments[0]!.doc).toBe('the question');
  });

  it('compares the interface name with the file name unless told not to', () => {
    const ast = parse('interface keyboard { message m(); };', 'lpc_kbd.if').ast!;
    expect(check(ast).diagnostics).toHaveLength(1);
    expect(check(ast, { requireFileName: false }).model?.name).toBe('keyboard');
  });

  it('gives no model when an include has a syntax error', () => {
    const include = parseInclude('alias x uint8\n', 'inc.if');
    expect(include.diagnostics).toHaveLength(1);
    const ast = parse('interface t { message m(x a); };', 't.if').ast!;
    expect(check(ast, { includes: [include.ast!] })).toEqual({ model: undefined, diagnostics: [] });
  });
});

describe('examples/idl/ping.if (the thesis, Figure 4.13)', () => {
  it('checks: ping and pong, each with two uint32 ids', async () => {
    const file = fileURLToPath(new URL('../../../examples/idl/ping.if', import.meta.url));
    const result = await checkFiles([file]);
    expect(result.diagnostics).toEqual([]);
    expect(result.interfaces[0]!.messages.map((m) => [m.number, m.name, m.arguments.map((a) => a.kind === 'plain' && `${a.type.name} ${a.name}`)])).toEqual([
      [3, 'ping', ['uint32 client_id', 'uint32 msg_id']],
      [4, 'pong', ['uint32 client_id', 'uint32 msg_id']],
    ]);
  });
});
