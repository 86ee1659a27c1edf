/**
 * Loading CommonJS bundles with V8 code caches: the same module either way, the cache only a
 * shortcut. Each load runs in a process of its own, as V8 also keeps compiled code in memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

/** Node 22 and later have their own compile cache, which `requireWithCodeCache` turns on instead. */
const nodeLacksCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== 'function';
const codeCache = fileURLToPath(new URL('../src/code-cache.ts', import.meta.url));

/** A directory with a bundle that requires a sibling (as ts-morph's bundles do), and a program loading it. */
function bundleDir(bundleSource: string): { program: string; bundle: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flounderc-code-cache-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'helper.cjs'), 'exports.twice = (x) => 2 * x;\n');
  writeFileSync(join(dir, 'bundle.cjs'), bundleSource);
  writeFileSync(
    join(dir, 'main.mjs'),
    [
      `import { requireWithCodeCache, saveCodeCaches } from ${JSON.stringify(codeCache)};`,
      "const bundle = requireWithCodeCache(import.meta.url, './bundle.cjs', ['./bundle.cjs']);",
      "const same = bundle === (await import('node:module')).createRequire(import.meta.url)('./bundle.cjs');",
      'console.log(JSON.stringify({ answer: bundle.answer(), file: bundle.file, same, saved: saveCodeCaches() }));',
    ].join('\n'),
  );
  return { program: join(dir, 'main.mjs'), bundle: join(dir, 'bundle.cjs') };
}

function run(program: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', program], { encoding: 'utf8' });
}

describe.runIf(nodeLacksCompileCache)('requireWithCodeCache', () => {
  it('loads a bundle as require would, saves its code, and takes it back next time', () => {
    const { program, bundle } = bundleDir(
      "const { twice } = require('./helper.cjs');\nmodule.exports = { answer: () => twice(21), file: __filename };\n",
    );
    const first = JSON.parse(run(program).stdout) as { saved: string[] };
    expect(first).toMatchObject({ answer: 42, file: bundle, same: true });
    expect(first.saved).toHaveLength(1);
    const cacheFile = first.saved[0]!;
    // The saved code is taken: nothing to save again.
    expect(JSON.parse(run(program).stdout)).toEqual({ answer: 42, file: bundle, same: true, saved: [] });
    // A cache V8 refuses is no error: the bundle is compiled, and its cache written again.
    writeFileSync(cacheFile, 'not code');
    expect(JSON.parse(run(program).stdout)).toEqual({ answer: 42, file: bundle, same: true, saved: [cacheFile] });
    rmSync(cacheFile);
  });

  it('reads a bundle that is not ASCII as UTF-8', () => {
    const { program, bundle } = bundleDir(
      "module.exports = { answer: () => 'naïve ✓ 𝄞'.length, file: __filename };\n",
    );
    expect(JSON.parse(run(program).stdout)).toMatchObject({ answer: 10, file: bundle, same: true });
  });

  it('throws what a bundle throws, once', () => {
    const { program } = bundleDir("console.error('running');\nthrow new Error('the bundle failed');\n");
    const result = run(program);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('the bundle failed');
    expect(result.stderr.match(/running/g)).toHaveLength(1);
  });
});
