/** The grammar as Flounder reads it: what parses, into which AST. */
import { describe, expect, it } from 'vitest';
import { parse, parseInclude, type InterfaceNode } from '../src/index.js';

function ast(text: string): InterfaceNode {
  const result = parse(text, 't.if');
  expect(result.diagnostics).toEqual([]);
  return result.ast!;
}

describe('parse', () => {
  it('reads every kind of declaration, in order, with positions', () => {
    const tree = ast(
      [
        'interface t "A test" {',
        '    alias coreid uint8;',
        '    typedef struct { uint32 a; coreid b; } pair;',
        '    typedef enum { RED, GREEN } colour;',
        '    typedef uint64 mask[4];',
        '    typedef uint32 handle;',
        '    @ata(command=0xC8, dma_arg=buf)',
        '    message m(uint8 buf[len, 512], String s[16]);',
        '    rpc r(in handle h, out errval err);',
        '};',
      ].join('\n'),
    );
    expect(tree.name).toEqual({ text: 't', position: { file: 't.if', line: 1, column: 11 } });
    expect(tree.description).toEqual({ value: 'A test', position: { file: 't.if', line: 1, column: 13 } });
    expect(tree.declarations.map((d) => [d.kind, d.name.text, d.name.position.line, d.name.position.column])).toEqual([
      ['alias', 'coreid', 2, 11],
      ['struct', 'pair', 3, 44],
      ['enum', 'colour', 4, 33],
      ['array', 'mask', 5, 20],
      ['typedef', 'handle', 6, 20],
      ['message', 'm', 8, 13],
      ['rpc', 'r', 9, 9],
    ]);
    const [, pair, colour, mask, , m, r] = tree.declarations;
    expect(pair).toMatchObject({ fields: [{ type: { text: 'uint32' }, name: { text: 'a' } }, { type: { text: 'coreid' }, name: { text: 'b' } }] });
    expect(colour).toMatchObject({ items: [{ name: { text: 'RED' } }, { name: { text: 'GREEN' } }] });
    expect(mask).toMatchObject({ element: { text: 'uint64' }, length: { text: '4', value: 4 } });
    expect(m).toMatchObject({
      backendParams: [
        {
          backend: { text: 'ata' },
          params: [
            { key: { text: 'command' }, value: { text: '0xC8', value: 200 } },
            { key: { text: 'dma_arg' }, value: { text: 'buf' } },
          ],
          position: { line: 7, column: 5 },
        },
      ],
      arguments: [
        { type: { text: 'uint8' }, name: { text: 'buf' }, size: { length: { text: 'len' }, max: { value: 512 } } },
        { type: { text: 'String' }, name: { text: 's' }, size: { max: { value: 16 } } },
      ],
    });
    expect(r).toMatchObject({ arguments: [{ direction: { value: 'in' } }, { direction: { value: 'out' } }] });
  });

  it('matches reserved words and keywords in any case', () => {
    const tree = ast('INTERFACE t {\n  TYPEDEF Struct { uint8 a; } s;\n  Alias b uint8;\n  Message m();\n  RPC r(IN uint8 x, Out uint8 y);\n};\n');
    expect(tree.declarations.map((d) => d.kind)).toEqual(['struct', 'alias', 'message', 'rpc']);
  });

  it('reads alias, typedef, struct and enum as names wherever a name is expected', () => {
    const tree = ast('interface t {\n  typedef struct { uint8 typedef; uint8 alias; } struct_t;\n  message m(uint32 struct, uint8 enum);\n};\n');
    expect(tree.declarations[1]).toMatchObject({ arguments: [{ name: { text: 'struct' } }, { name: { text: 'enum' } }] });
  });

  it('accepts type names starting with S (the reference parser does not: bfs.if)', () => {
    const tree = ast('interface t {\n  typedef uint32 SERVER_TYPE;\n  message m(SERVER_TYPE s, Sx t);\n};\n');
    expect(tree.declarations[1]).toMatchObject({ arguments: [{ type: { text: 'SERVER_TYPE' } }, { type: { text: 'Sx' } }] });
  });

  it('reads decimal, hex and octal numbers', () => {
    const tree = ast('interface t {\n  typedef uint8 a[0x10];\n  @b(x=0o17, y=0XfF, z=42)\n  message m(String s[0o20]);\n};\n');
    expect(tree.declarations[0]).toMatchObject({ length: { value: 16 } });
    expect(tree.declarations[1]).toMatchObject({
      backendParams: [{ params: [{ value: { value: 15 } }, { value: { value: 255 } }, { value: { value: 42 } }] }],
      arguments: [{ size: { max: { value: 16 } } }],
    });
  });

  it('skips // and nested /* */ comments', () => {
    const tree = ast('/* a /* nested */ comment */ interface t { // here\n  message /* inside */ m(); /* /* */ */\n};\n');
    expect(tree.declarations).toHaveLength(1);
  });

  it('decodes the description string and leaves it out when not written', () => {
    expect(ast('interface t "say \\"hi\\"\\n" { message m(); };').description?.value).toBe('say "hi"\n');
    expect(ast('interface t { message m(); };').description).toBeUndefined();
  });

  it('counts columns from a byte order mark and lines across \\r\\n', () => {
    const tree = ast('\uFEFFinterface t {\r\n  message m();\r\n};\r\n');
    expect(tree.name.position).toEqual({ file: 't.if', line: 1, column: 11 });
    expect(tree.declarations[0]!.name.position).toEqual({ file: 't.if', line: 2, column: 11 });
  });

  it('reads an include file: declarations without an interface', () => {
    const include = parseInclude('alias iref uint32;\n/* from types.h */\nalias coreid uint8;\n', 'types.if');
    expect(include.diagnostics).toEqual([]);
    expect(include.ast!.declarations.map((d) => [d.name.text, d.doc])).toEqual([
      ['iref', undefined],
      ['coreid', 'from types.h'],
    ]);
  });

  it('keeps the declarations around a syntax error, and says where it was', () => {
    const result = parse('interface t {\n  message a(uint8 x y);\n  message b();\n};\n', 't.if');
    expect(result.diagnostics).toHaveLength(1);
    expect(result.ast!.declarations.map((d) => d.name.text)).toEqual(['a', 'b']);
    expect(result.ast!.recovery).toBeDefined();
  });
});

describe('doc comments', () => {
  const tree = ast(
    [
      '/*',
      ' * Licence header, separated by a blank line: documents nothing.',
      ' */',
      '',
      '// The test interface.',
      'interface t {',
      '    /**',
      '     * A handle.',
      '     * Two lines.',
      '     */',
      '    typedef uint32 handle;',
      '    typedef uint32 size_t; // trailing, same line',
      '',
      '    // not attached: blank line below',
      '',
      '    typedef struct {',
      '        uint8 a; // field a',
      '        // field b',
      '        uint8 b;',
      '    } pair;',
      '    typedef enum { X, // item X',
      '                   Y } e;',
      '    // first',
      '    // second',
      '    rpc r(in uint32 a,  // argument a',
      '          out uint32 b);',
      '    message m(); /* the end */',
      '};',
    ].join('\n'),
  );
  const [handle, size, pair, e, r, m] = tree.declarations;

  it('attach the comment just before a declaration, but not a licence separated by a blank line', () => {
    expect(tree.doc).toBe('The test interface.');
    expect(handle!.doc).toBe('A handle.\nTwo lines.');
    expect(pair!.doc).toBeUndefined();
  });

  it('attach a comment at the end of a line to what is on that line', () => {
    expect(size!.doc).toBe('trailing, same line');
    expect(m!.doc).toBe('the end');
    expect(pair).toMatchObject({ fields: [{ doc: 'field a' }, { doc: 'field b' }] });
    if (e?.kind !== 'enum') throw new Error('enum expected');
    expect(e.items.map((item) => item.doc)).toEqual(['item X', undefined]);
  });

  it('join a run of line comments and document arguments', () => {
    expect(r!.doc).toBe('first\nsecond');
    expect(r).toMatchObject({ arguments: [{ doc: 'argument a' }, {}] });
  });
});
