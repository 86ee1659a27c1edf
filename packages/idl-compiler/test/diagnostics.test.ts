/**
 * One test per kind of diagnostic: the exact text, position, source line and caret. Each
 * input has one kind of mistake (a few have two of a kind).
 */
import { describe, expect, it } from 'vitest';
import { checkSources, formatDiagnostics, type SourceText } from '../src/index.js';

interface Case {
  readonly title: string;
  readonly file: string;
  readonly source: readonly string[];
  readonly includes?: readonly SourceText[];
  readonly expected: readonly string[];
}

/** What the compiler prints for `text` (as `file`, with `includes`). */
function errorsOf(file: string, text: string, includes: readonly SourceText[] = []): string {
  const result = checkSources([{ file, text }], includes);
  if (result.diagnostics.length === 0) expect(result.interfaces).toHaveLength(1);
  return formatDiagnostics(result.diagnostics, result.sources);
}

const CASES: readonly Case[] = [
  {
    title: "unexpected character",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 a) $;",
      "};",
    ],
    expected: [
      "t.if:2:25: error: unexpected character '$'",
      "    message m(uint32 a) $;",
      "                        ^",
    ],
  },
  {
    title: "control character",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32\u0001 a);",
      "};",
    ],
    expected: [
      "t.if:2:21: error: unexpected character U+0001",
      "    message m(uint32\u0001 a);",
      "                    ^",
    ],
  },
  {
    title: "unterminated comment",
    file: "t.if",
    source: [
      "interface t {",
      "    message m();",
      "};",
      "/* licence /* nested */",
    ],
    expected: [
      "t.if:4:1: error: unterminated comment: missing '*/'",
      "/* licence /* nested */",
      "^~",
    ],
  },
  {
    title: "unterminated string",
    file: "t.if",
    source: [
      "interface t \"a test {",
      "    message m();",
      "};",
    ],
    expected: [
      "t.if:1:13: error: unterminated string: missing closing '\"' on this line",
      "interface t \"a test {",
      "            ^~~~~~~~~",
      "t.if:1:22: error: expected '{' after '\"a test {'",
      "interface t \"a test {",
      "                     ^",
    ],
  },
  {
    title: "malformed number",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint8 a[n, 0x]);",
      "};",
    ],
    expected: [
      "t.if:2:26: error: malformed number '0x'",
      "    message m(uint8 a[n, 0x]);",
      "                         ^~",
    ],
  },
  {
    title: "number too large",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(String s[99999999999999999999]);",
      "};",
    ],
    expected: [
      "t.if:2:24: error: number 99999999999999999999 is too large (the largest is 9007199254740991)",
      "    message m(String s[99999999999999999999]);",
      "                       ^~~~~~~~~~~~~~~~~~~~",
    ],
  },
  {
    title: "underscore name",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 _a);",
      "};",
    ],
    expected: [
      "t.if:2:22: error: name '_a' must start with a letter",
      "    message m(uint32 _a);",
      "                     ^~",
    ],
  },
  {
    title: "apostrophe",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 a');",
      "};",
    ],
    expected: [
      "t.if:2:22: error: name 'a'' must not contain \"'\"",
      "    message m(uint32 a');",
      "                     ^~",
    ],
  },
  {
    title: "mismatch",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 a b);",
      "};",
    ],
    expected: [
      "t.if:2:24: error: expected ',' or ')' but found 'b'",
      "    message m(uint32 a b);",
      "                       ^",
    ],
  },
  {
    title: "missing semicolon at end of line",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 a)",
      "    message n();",
      "};",
    ],
    expected: [
      "t.if:2:24: error: expected ';' after ')'",
      "    message m(uint32 a)",
      "                       ^",
    ],
  },
  {
    title: "misspelt keyword",
    file: "t.if",
    source: [
      "interface t {",
      "    mesage m();",
      "};",
    ],
    expected: [
      "t.if:2:5: error: expected a declaration ('alias', 'typedef', 'message' or 'rpc') or '}' but found 'mesage'; did you mean 'message'?",
      "    mesage m();",
      "    ^~~~~~",
    ],
  },
  {
    title: "reserved word as name",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 out);",
      "};",
    ],
    expected: [
      "t.if:2:22: error: expected a name but found reserved word 'out'",
      "    message m(uint32 out);",
      "                     ^~~",
    ],
  },
  {
    title: "end of file",
    file: "t.if",
    source: [
      "interface t {",
      "    message m();",
    ],
    expected: [
      "t.if:2:17: error: expected a declaration ('alias', 'typedef', 'message' or 'rpc') or '}' but found end of file",
      "    message m();",
      "                ^",
    ],
  },
  {
    title: "after the end",
    file: "t.if",
    source: [
      "interface t {",
      "    message m();",
      "};",
      "message n();",
    ],
    expected: [
      "t.if:4:1: error: unexpected reserved word 'message' after the end of the interface",
      "message n();",
      "^~~~~~~",
    ],
  },
  {
    title: "several syntax errors",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 a b);",
      "    typedef struct { uint32 x } s;",
      "    rpc r(in uint32 a,);",
      "    message ok(uint8 c);",
      "};",
    ],
    expected: [
      "t.if:2:24: error: expected ',' or ')' but found 'b'",
      "    message m(uint32 a b);",
      "                       ^",
      "t.if:3:31: error: expected ';' but found '}'",
      "    typedef struct { uint32 x } s;",
      "                              ^",
      "t.if:3:33: error: type 's' is declared after message 'm' (line 2); types must come before the first message",
      "    typedef struct { uint32 x } s;",
      "                                ^",
      "t.if:4:23: error: expected a name but found ')'",
      "    rpc r(in uint32 a,);",
      "                      ^",
    ],
  },
  {
    title: "unknown type",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint3 a, foo b);",
      "};",
    ],
    expected: [
      "t.if:2:15: error: unknown type 'uint3'; did you mean 'uint32'?",
      "    message m(uint3 a, foo b);",
      "              ^~~~~",
      "t.if:2:24: error: unknown type 'foo'",
      "    message m(uint3 a, foo b);",
      "                       ^~~",
    ],
  },
  {
    title: "string",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(string s[16]);",
      "};",
    ],
    expected: [
      "t.if:2:15: error: unknown type 'string'; did you mean 'String'?",
      "    message m(string s[16]);",
      "              ^~~~~~",
    ],
  },
  {
    title: "used before declared",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef handle h2;",
      "    typedef uint32 handle;",
      "    message m(h2 a);",
      "};",
    ],
    expected: [
      "t.if:2:13: error: type 'handle' is used before its declaration at line 3",
      "    typedef handle h2;",
      "            ^~~~~~",
    ],
  },
  {
    title: "duplicate type",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef uint32 handle;",
      "    alias handle uint64;",
      "    message m(handle a);",
      "};",
    ],
    expected: [
      "t.if:3:11: error: duplicate type 'handle': first declared at line 2",
      "    alias handle uint64;",
      "          ^~~~~~",
    ],
  },
  {
    title: "builtin redeclared",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef struct { uint64 a; } cap;",
      "    message m(cap c);",
      "};",
    ],
    expected: [
      "t.if:2:34: error: 'cap' is a builtin type and cannot be declared again",
      "    typedef struct { uint64 a; } cap;",
      "                                 ^~~",
    ],
  },
  {
    title: "alias of declared type",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef uint32 handle;",
      "    alias h handle;",
      "    alias s String;",
      "    alias c give_away_cap;",
      "    alias u uint31;",
      "    message m();",
      "};",
    ],
    expected: [
      "t.if:3:13: error: an alias must name a builtin type, and 'handle' is a declared type; use 'typedef handle NAME;' instead",
      "    alias h handle;",
      "            ^~~~~~",
      "t.if:4:13: error: 'String' cannot be aliased: a String is only an argument, 'String name[N]'",
      "    alias s String;",
      "            ^~~~~~",
      "t.if:5:13: error: 'give_away_cap' cannot be aliased: a cap is only a message argument",
      "    alias c give_away_cap;",
      "            ^~~~~~~~~~~~~",
      "t.if:6:13: error: unknown builtin type 'uint31'; did you mean 'uint32'?",
      "    alias u uint31;",
      "            ^~~~~~",
    ],
  },
  {
    title: "struct fields",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef struct { uint32 a; uint8 a; } s;",
      "    typedef struct { } e;",
      "    message m();",
      "};",
    ],
    expected: [
      "t.if:2:38: error: duplicate field 'a' in struct 's': first declared at line 2",
      "    typedef struct { uint32 a; uint8 a; } s;",
      "                                     ^",
      "t.if:3:24: error: struct 'e' has no fields",
      "    typedef struct { } e;",
      "                       ^",
    ],
  },
  {
    title: "enum items",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef enum { A, B, A } e1;",
      "    typedef enum { C, B } e2;",
      "    message m();",
      "};",
    ],
    expected: [
      "t.if:2:26: error: duplicate enum item 'A': already an item in this enum (line 2)",
      "    typedef enum { A, B, A } e1;",
      "                         ^",
      "t.if:3:23: error: duplicate enum item 'B': already an item of enum 'e1' (line 2)",
      "    typedef enum { C, B } e2;",
      "                      ^",
    ],
  },
  {
    title: "array length",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef uint8 mac[0];",
      "    message m(mac a);",
      "};",
    ],
    expected: [
      "t.if:2:23: error: the length of array 'mac' must be at least 1",
      "    typedef uint8 mac[0];",
      "                      ^",
    ],
  },
  {
    title: "caps in types",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef struct { cap c; } s;",
      "    typedef give_away_cap g;",
      "    typedef cap caps[2];",
      "    message m(cap c);",
      "};",
    ],
    expected: [
      "t.if:2:22: error: a struct field cannot be a cap: caps travel only as message arguments",
      "    typedef struct { cap c; } s;",
      "                     ^~~",
      "t.if:3:13: error: a typedef target cannot be a cap: caps travel only as message arguments",
      "    typedef give_away_cap g;",
      "            ^~~~~~~~~~~~~",
      "t.if:4:13: error: an array element cannot be a cap: caps travel only as message arguments",
      "    typedef cap caps[2];",
      "            ^~~",
    ],
  },
  {
    title: "String in types",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef struct { String s; } s;",
      "    message m();",
      "};",
    ],
    expected: [
      "t.if:2:22: error: 'String' is only an argument, 'String name[N]', not a struct field",
      "    typedef struct { String s; } s;",
      "                     ^~~~~~",
    ],
  },
  {
    title: "type after message",
    file: "t.if",
    source: [
      "interface t {",
      "    message m();",
      "    rpc r();",
      "    typedef uint8 late;",
      "};",
    ],
    expected: [
      "t.if:4:19: error: type 'late' is declared after message 'm' (line 2); types must come before the first message",
      "    typedef uint8 late;",
      "                  ^~~~",
    ],
  },
  {
    title: "no messages",
    file: "t.if",
    source: [
      "interface t \"types only\" {",
      "    typedef uint8 byte;",
      "};",
    ],
    expected: [
      "t.if:1:11: error: interface 't' declares no messages; it needs at least one",
      "interface t \"types only\" {",
      "          ^",
    ],
  },
  {
    title: "file name",
    file: "lpc_kbd.if",
    source: [
      "interface keyboard \"Keyboard events\" {",
      "    message key_event(uint8 scancode, bool extended);",
      "};",
    ],
    expected: [
      "lpc_kbd.if:1:11: error: interface 'keyboard' must be in a file named 'keyboard.if', not 'lpc_kbd.if'",
      "interface keyboard \"Keyboard events\" {",
      "          ^~~~~~~~",
    ],
  },
  {
    title: "duplicate messages",
    file: "t.if",
    source: [
      "interface t {",
      "    message m();",
      "    message m(uint8 a);",
      "    rpc r();",
      "    message r_response();",
      "    rpc r(in uint8 b);",
      "};",
    ],
    expected: [
      "t.if:3:13: error: duplicate message 'm': first declared at line 2",
      "    message m(uint8 a);",
      "            ^",
      "t.if:5:13: error: message 'r_response' clashes with the response of rpc 'r' (line 4)",
      "    message r_response();",
      "            ^~~~~~~~~~",
      "t.if:6:9: error: duplicate rpc 'r': first declared at line 4",
      "    rpc r(in uint8 b);",
      "        ^",
    ],
  },
  {
    title: "rpc after message",
    file: "t.if",
    source: [
      "interface t {",
      "    message get_call();",
      "    rpc get(out uint32 v);",
      "};",
    ],
    expected: [
      "t.if:3:9: error: rpc 'get' (its call, 'get_call') clashes with message 'get_call' (line 2)",
      "    rpc get(out uint32 v);",
      "        ^~~",
    ],
  },
  {
    title: "duplicate arguments",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint32 a, uint8 a);",
      "    rpc r(in uint8 buf[len, 16], out uint32 len);",
      "};",
    ],
    expected: [
      "t.if:2:31: error: duplicate argument 'a' in message 'm': first declared at line 2",
      "    message m(uint32 a, uint8 a);",
      "                              ^",
      "t.if:3:45: error: duplicate argument 'len' in rpc 'r': first declared at line 3",
      "    rpc r(in uint8 buf[len, 16], out uint32 len);",
      "                                            ^~~",
    ],
  },
  {
    title: "directions",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(in uint32 a);",
      "    rpc r(uint32 b, OUT uint32 c);",
      "};",
    ],
    expected: [
      "t.if:2:15: error: 'in' is only for rpc arguments; a message's arguments have no direction",
      "    message m(in uint32 a);",
      "              ^~",
      "t.if:3:11: error: rpc argument 'b' needs a direction: 'in' or 'out'",
      "    rpc r(uint32 b, OUT uint32 c);",
      "          ^~~~~~",
    ],
  },
  {
    title: "string sizes",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(String s, String t[n, 8], String u[0]);",
      "};",
    ],
    expected: [
      "t.if:2:22: error: String argument 's' needs a size: 'String s[N]' holds up to N-1 bytes",
      "    message m(String s, String t[n, 8], String u[0]);",
      "                     ^",
      "t.if:2:33: error: a String takes one size, 'String t[N]', not a dynamic array's '[n, N]'",
      "    message m(String s, String t[n, 8], String u[0]);",
      "                                ^",
      "t.if:2:50: error: the size of String 'u' must be at least 1",
      "    message m(String s, String t[n, 8], String u[0]);",
      "                                                 ^",
    ],
  },
  {
    title: "fixed size argument",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(uint8 mac[6]);",
      "};",
    ],
    expected: [
      "t.if:2:24: error: only a String argument takes a fixed size '[N]': make 'mac' a dynamic array 'mac[len, 6]' or give it an array type ('typedef uint8 NAME[6];')",
      "    message m(uint8 mac[6]);",
      "                       ^",
    ],
  },
  {
    title: "dynamic array element",
    file: "t.if",
    source: [
      "interface t {",
      "    typedef uint16 port;",
      "    alias word uint32;",
      "    message m(uint32 a[n, 8], port p[m, 4], word w[k, 2], coreid c[l, 8]);",
      "};",
    ], includes: [{ file: "types.if", text: "alias coreid uint8;\n" }],
    expected: [
      "t.if:4:15: error: dynamic array 'a' has elements of type 'uint32'; its elements must be byte-sized: char, int8, uint8 or an alias of one",
      "    message m(uint32 a[n, 8], port p[m, 4], word w[k, 2], coreid c[l, 8]);",
      "              ^~~~~~",
      "t.if:4:31: error: dynamic array 'p' has elements of type 'port' (uint16); its elements must be byte-sized: char, int8, uint8 or an alias of one",
      "    message m(uint32 a[n, 8], port p[m, 4], word w[k, 2], coreid c[l, 8]);",
      "                              ^~~~",
      "t.if:4:45: error: dynamic array 'w' has elements of type 'word' (uint32); its elements must be byte-sized: char, int8, uint8 or an alias of one",
      "    message m(uint32 a[n, 8], port p[m, 4], word w[k, 2], coreid c[l, 8]);",
      "                                            ^~~~",
    ],
  },
  {
    title: "backend params",
    file: "t.if",
    source: [
      "interface t {",
      "    @ata(command=0xC8, dma_arg=bufer, command=0o17)",
      "    @ata(lba=lba)",
      "    rpc read(in uint32 lba, out uint8 buffer[len, 512]);",
      "};",
    ],
    expected: [
      "t.if:2:32: error: '@ata' parameter 'dma_arg' names 'bufer', which is not an argument of rpc 'read'; did you mean 'buffer'?",
      "    @ata(command=0xC8, dma_arg=bufer, command=0o17)",
      "                               ^~~~~",
      "t.if:2:39: error: duplicate parameter 'command' in '@ata': first given at line 2",
      "    @ata(command=0xC8, dma_arg=bufer, command=0o17)",
      "                                      ^~~~~~~",
      "t.if:3:6: error: duplicate backend parameters '@ata' for rpc 'read': first given at line 2",
      "    @ata(lba=lba)",
      "     ^~~",
    ],
  },
  {
    title: "include with a message",
    file: "t.if",
    source: [
      "interface t {",
      "    message m(byte b);",
      "};",
    ], includes: [{ file: "inc.if", text: "alias byte uint8;\nmessage n();\n" }],
    expected: [
      "inc.if:2:9: error: message 'n' in an include file: include files hold type declarations only",
      "message n();",
      "        ^",
    ],
  },
];

describe('diagnostics', () => {
  it.each(CASES)('$title', ({ file, source, includes, expected }) => {
    expect(errorsOf(file, source.join('\n') + '\n', includes)).toBe(expected.map((line) => line + '\n').join(''));
  });

  it('reports a syntax error once, not again as the unknown type of what it broke', () => {
    const text = ['interface t {', '    typedef struct { uint32 a b; } s;', '    message m(s x);', '};', ''].join('\n');
    expect(errorsOf('t.if', text)).toBe(
      ["t.if:2:31: error: expected ';' but found 'b'", '    typedef struct { uint32 a b; } s;', '                              ^', ''].join('\n'),
    );
  });

  it('numbers messages up to 0x7ffe, the last UMP can carry', () => {
    const messages = (count: number): string =>
      ['interface t {', ...Array.from({ length: count }, (_, i) => `message m${i}();`), '};', ''].join('\n');
    const last = 0x7ffe - 3 + 1;
    expect(errorsOf('t.if', messages(last))).toBe('');
    expect(errorsOf('t.if', messages(last + 1))).toBe(
      [
        `t.if:${last + 2}:9: error: too many messages: 'm${last}' would be number 32767, and message numbers end at 32766`,
        `message m${last}();`,
        '        ^~~~~~',
        '',
      ].join('\n'),
    );
  });

  it('refuses to hide an included type that another declaration already uses', () => {
    const includes = [
      { file: 'a.if', text: 'alias coreid uint8;\n' },
      { file: 'b.if', text: 'typedef coreid cores[2];\n' },
    ];
    expect(errorsOf('t.if', 'interface t {\n    alias coreid uint16;\n    message m(cores c);\n};\n', includes)).toBe(
      [
        "t.if:2:11: error: type 'coreid' cannot be declared again: the declaration at a.if:1 is already used at b.if:1",
        '    alias coreid uint16;',
        '          ^~~~~~',
        '',
      ].join('\n'),
    );
  });

  it('keeps tabs in the caret line so the caret stays under the column', () => {
    expect(errorsOf('t.if', 'interface t {\n\tmessage m(\tfoo a);\n};\n')).toBe(
      ["t.if:2:13: error: unknown type 'foo'", '\tmessage m(\tfoo a);', '\t          \t^~~', ''].join('\n'),
    );
  });
});
