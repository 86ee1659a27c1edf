/** `flounderc -o DIR` with `--check`, `--no-format` and `--watch`, on real files. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_INPUT_ERROR, EXIT_OK, EXIT_USAGE } from '../src/cli.js';
import { watch, type WatchBuild } from '../src/index.js';
import { flounderc } from './flounderc.js';

const PING =
  'interface ping {\n  message ping(uint32 client_id, uint32 msg_id);\n  message pong(uint32 client_id, uint32 msg_id);\n};\n';
const PONG = 'interface pong {\n  message hello(String name[64]);\n};\n';

let dir: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flounderc-watch-'));
  out = join(dir, 'gen');
  writeFileSync(join(dir, 'ping.if'), PING);
  writeFileSync(join(dir, 'pong.if'), PONG);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mtimes = (d: string) => Object.fromEntries(readdirSync(d).map((f) => [f, statSync(join(d, f)).mtimeMs]));

describe('flounderc -o DIR', () => {
  it('writes one .ts per interface, byte-identical from run to run, touching nothing the second time', async () => {
    const files = [join(dir, 'ping.if'), join(dir, 'pong.if')];
    expect(await flounderc('-o', out, ...files)).toEqual({ code: EXIT_OK, out: '', err: '' });
    expect(readdirSync(out).sort()).toEqual(['ping.ts', 'pong.ts']);
    const first = readFileSync(join(out, 'ping.ts'), 'utf8');
    const before = mtimes(out);
    await new Promise((r) => setTimeout(r, 20));
    expect((await flounderc('-o', out, ...files)).code).toBe(EXIT_OK);
    expect(readFileSync(join(out, 'ping.ts'), 'utf8')).toBe(first);
    expect(mtimes(out)).toEqual(before);
  });

  it('--no-format writes the same module unformatted', async () => {
    await flounderc('-o', out, join(dir, 'ping.if'));
    const formatted = readFileSync(join(out, 'ping.ts'), 'utf8');
    await flounderc('--no-format', '-o', out, join(dir, 'ping.if'));
    const raw = readFileSync(join(out, 'ping.ts'), 'utf8');
    expect(raw).not.toBe(formatted);
    expect(raw).toContain('export const pingInterface = defineInterface<PingMessage>({');
  });

  it('--emit ts,layout,ast writes every kind', async () => {
    expect((await flounderc('--emit', 'ts,layout', '--emit', 'ast', '-o', out, join(dir, 'ping.if'))).code).toBe(
      EXIT_OK,
    );
    expect(readdirSync(out).sort()).toEqual(['ping.ast.json', 'ping.layout.json', 'ping.ts']);
  });
});

describe('--check', () => {
  const files = () => [join(dir, 'ping.if'), join(dir, 'pong.if')];

  it('exits 0 when every output is up to date, and writes nothing', async () => {
    await flounderc('-o', out, ...files());
    const before = mtimes(out);
    expect(await flounderc('--check', '-o', out, ...files())).toEqual({ code: EXIT_OK, out: '', err: '' });
    expect(mtimes(out)).toEqual(before);
  });

  it('exits 1 listing the outputs that are missing or differ, and writes nothing', async () => {
    await flounderc('-o', out, ...files());
    writeFileSync(join(out, 'ping.ts'), '// edited by hand\n');
    rmSync(join(out, 'pong.ts'));
    const result = await flounderc('--check', '-o', out, ...files());
    expect(result).toEqual({
      code: EXIT_INPUT_ERROR,
      out: '',
      err: `flounderc: out of date (run without --check to update):\n  ${join(out, 'ping.ts')}\n  ${join(out, 'pong.ts')}\n`,
    });
    expect(readFileSync(join(out, 'ping.ts'), 'utf8')).toBe('// edited by hand\n');
    expect(readdirSync(out)).toEqual(['ping.ts']);
  });

  it('says when the interface changed since the outputs were written', async () => {
    await flounderc('-o', out, ...files());
    writeFileSync(join(dir, 'pong.if'), PONG.replace('[64]', '[65]'));
    expect((await flounderc('--check', '-o', out, ...files())).err).toContain(join(out, 'pong.ts'));
  });

  it('needs -o, and does not go with --watch', async () => {
    expect((await flounderc('--check', join(dir, 'ping.if'))).code).toBe(EXIT_USAGE);
    expect((await flounderc('--check', '--watch', '-o', out, join(dir, 'ping.if'))).code).toBe(EXIT_USAGE);
    expect((await flounderc('--watch', join(dir, 'ping.if'))).code).toBe(EXIT_USAGE);
  });
});

/** Collects a watcher's builds; `next()` resolves with the next one. */
function builds() {
  const seen: WatchBuild[] = [];
  const waiting: ((b: WatchBuild) => void)[] = [];
  return {
    seen,
    onBuild(build: WatchBuild) {
      seen.push(build);
      waiting.shift()?.(build);
    },
    next(): Promise<WatchBuild> {
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('watch', () => {
  it('regenerates what changed, debounced, keeps the last good output on an error, and goes on', async () => {
    const log = builds();
    const ping = join(dir, 'ping.if');
    const pong = join(dir, 'pong.if');
    const watcher = watch([ping, pong], { outDir: out, debounceMs: 150, onBuild: (b) => log.onBuild(b) });
    try {
      const first = await watcher.ready;
      expect(first.ok).toBe(true);
      expect(first.compiled).toEqual([ping, pong]);
      expect(readdirSync(out).sort()).toEqual(['ping.ts', 'pong.ts']);
      const pongTime = statSync(join(out, 'pong.ts')).mtimeMs;

      // A save in several writes is one rebuild, of the file that changed only.
      let next = log.next();
      writeFileSync(ping, PING.replace('};', '  message extra();\n'));
      writeFileSync(ping, PING.replace('};', '  message extra(uint8 x);\n};'));
      const second = await next;
      expect(second).toMatchObject({ ok: true, compiled: [ping], written: [join(out, 'ping.ts')] });
      expect(readFileSync(join(out, 'ping.ts'), 'utf8')).toContain("readonly type: 'extra';");
      expect(statSync(join(out, 'pong.ts')).mtimeMs).toBe(pongTime);

      // A syntax error: diagnostics, and the last good ping.ts stays.
      const good = readFileSync(join(out, 'ping.ts'), 'utf8');
      next = log.next();
      writeFileSync(ping, 'interface ping { message ping(uint32 ; };\n');
      const broken = await next;
      expect(broken.ok).toBe(false);
      expect(broken.diagnostics[0]!.message).toMatch(/expected/);
      expect(readFileSync(join(out, 'ping.ts'), 'utf8')).toBe(good);

      // Fixed: regenerated, and an edit that changes nothing in the output touches nothing.
      next = log.next();
      writeFileSync(ping, PING);
      expect(await next).toMatchObject({ ok: true, compiled: [ping], written: [join(out, 'ping.ts')] });
      expect(readFileSync(join(out, 'ping.ts'), 'utf8')).not.toContain('extra');
      const pingTime = statSync(join(out, 'ping.ts')).mtimeMs;
      next = log.next();
      writeFileSync(ping, `${PING}\n\n`); // blank lines: nothing in the output changes
      expect(await next).toMatchObject({ ok: true, compiled: [ping], written: [] });
      expect(statSync(join(out, 'ping.ts')).mtimeMs).toBe(pingTime);
      expect(log.seen).toHaveLength(5);
    } finally {
      await watcher.close();
    }
  }, 60_000);

  it('runs as `flounderc --watch` until interrupted', async () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--watch', '-o', out, join(dir, 'ping.if')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    /** Resolves once `text` has been printed `times` times. */
    const seen = (text: string, times = 1) =>
      new Promise<void>((resolve, reject) => {
        const check = () => stdout.split(text).length > times && resolve();
        child.stdout.on('data', (d: Buffer) => {
          stdout += d;
          check();
        });
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('exit', () => reject(new Error(`exited before printing ${text}: ${stdout}${stderr}`)));
        check();
      });
    try {
      await seen('flounderc: watching 1 file (Ctrl-C to stop)');
      expect(stdout).toContain(`flounderc: wrote ${join(out, 'ping.ts')}`);
      writeFileSync(join(dir, 'ping.if'), PING.replace('msg_id);\n};', 'msg_id);\n  message bye();\n};'));
      await seen('wrote', 2);
      expect(readFileSync(join(out, 'ping.ts'), 'utf8')).toContain("readonly type: 'bye';");
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(EXIT_OK);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
