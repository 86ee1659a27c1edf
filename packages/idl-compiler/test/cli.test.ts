/** `flounderc`: arguments, exit codes, output, and what it never leaves behind. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXIT_INPUT_ERROR, EXIT_OK, EXIT_USAGE, run } from '../src/cli.js';

const PING = 'interface ping {\n    message ping(uint32 client_id, uint32 msg_id);\n    message pong(uint32 client_id, uint32 msg_id);\n};\n';

async function flounderc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flounderc-'));
  writeFileSync(join(dir, 'ping.if'), PING);
});

describe('flounderc', () => {
  it('prints its help and version', async () => {
    const help = await flounderc('--help');
    expect(help).toMatchObject({ code: EXIT_OK, err: '' });
    expect(help.out).toMatch(/^Usage: flounderc \[options\] FILE\.if\.\.\.\n/);
    expect(help.out).toContain('-i, --include FILE');
    expect(help.out).toContain('ast ');
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await flounderc('--version')).toEqual({ code: EXIT_OK, out: `flounderc ${manifest.version}\n`, err: '' });
  });

  it.each([
    [[], 'no input files'],
    [['--frob', 'x.if'], "unknown option '--frob'"],
    [['x.if', '-o'], "option '-o, --out-dir' needs a value"],
    [['--emit', 'ast,nope', 'x.if'], "unknown emit kind 'nope' (known: ts, layout, ast)"],
  ])('exits 2 on a wrong command line: %j', async (args, message) => {
    expect(await flounderc(...args)).toEqual({
      code: EXIT_USAGE,
      out: '',
      err: `flounderc: ${message}\nTry 'flounderc --help' for more information.\n`,
    });
  });

  it('checks without --emit, silently', async () => {
    expect(await flounderc(join(dir, 'ping.if'))).toEqual({ code: EXIT_OK, out: '', err: '' });
  });

  it('prints the checked model as JSON with --emit ast', async () => {
    const { code, out } = await flounderc('--emit', 'ast', join(dir, 'ping.if'));
    expect(code).toBe(EXIT_OK);
    const json = JSON.parse(out) as { name: string; messages: { number: number; name: string; arguments: { type: string }[] }[] };
    expect(json.name).toBe('ping');
    expect(json.messages.map((m) => [m.number, m.name, m.arguments.map((a) => a.type)])).toEqual([
      [3, 'ping', ['uint32', 'uint32']],
      [4, 'pong', ['uint32', 'uint32']],
    ]);
  });

  it('reads includes in order and writes NAME.ast.json into the output directory, leaving an unchanged file alone', async () => {
    writeFileSync(join(dir, 'a.if'), 'alias id uint16;\n');
    writeFileSync(join(dir, 'b.if'), 'typedef id ids[2];\n');
    writeFileSync(join(dir, 'uses.if'), 'interface uses {\n    message m(ids x);\n};\n');
    const out = join(dir, 'out');
    const args = ['-i', join(dir, 'a.if'), '--include', join(dir, 'b.if'), '--emit', 'ast', '-o', out, join(dir, 'uses.if'), join(dir, 'ping.if')];
    expect(await flounderc(...args)).toEqual({ code: EXIT_OK, out: '', err: '' });
    expect(readdirSync(out).sort()).toEqual(['ping.ast.json', 'uses.ast.json']);
    const uses = JSON.parse(readFileSync(join(out, 'uses.ast.json'), 'utf8')) as { types: { name: string }[] };
    expect(uses.types.map((t) => t.name)).toEqual(['id', 'ids']);
    const before = statSync(join(out, 'uses.ast.json')).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await flounderc(...args)).code).toBe(EXIT_OK);
    expect(statSync(join(out, 'uses.ast.json')).mtimeMs).toBe(before);
  });

  it('exits 1 with diagnostics on an error, and writes nothing, not even for the files without errors', async () => {
    writeFileSync(join(dir, 'bad.if'), 'interface bad {\n    message m(uint3 a);\n};\n');
    const out = join(dir, 'out');
    const result = await flounderc('--emit', 'ast', '-o', out, join(dir, 'ping.if'), join(dir, 'bad.if'));
    expect(result).toEqual({
      code: EXIT_INPUT_ERROR,
      out: '',
      err: `${join(dir, 'bad.if')}:2:15: error: unknown type 'uint3'; did you mean 'uint32'?\n    message m(uint3 a);\n              ^~~~~\n1 error\n`,
    });
    expect(() => readdirSync(out)).toThrow();
  });

  it('exits 1 naming a file it cannot read', async () => {
    expect(await flounderc(join(dir, 'missing.if'))).toEqual({
      code: EXIT_INPUT_ERROR,
      out: '',
      err: `${join(dir, 'missing.if')}: error: cannot read file: no such file\n1 error\n`,
    });
    expect((await flounderc(dir)).err).toBe(`${dir}: error: cannot read file: it is a directory\n1 error\n`);
  });

  it('exits 1 when it cannot write an output', async () => {
    writeFileSync(join(dir, 'file'), '');
    const result = await flounderc('--emit', 'ast', '-o', join(dir, 'file'), join(dir, 'ping.if'));
    expect(result.code).toBe(EXIT_INPUT_ERROR);
    expect(result.err).toMatch(/^flounderc: error: cannot write .*file.*\n$/);
  });

  it('runs as a program, with its exit code', () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, join(dir, 'nothing.if')], { encoding: 'utf8' });
    expect(result.status).toBe(EXIT_INPUT_ERROR);
    expect(result.stderr).toBe(`${join(dir, 'nothing.if')}: error: cannot read file: no such file\n1 error\n`);
  });
});
