#!/usr/bin/env node
// npm run gen: compiles the example interfaces (examples/idl) with the built flounderc into
// the modules examples/generated.json lists, which are checked in; files already up to date
// are left alone. npm run demo does this first. `npm run gen -- --check` writes nothing and
// fails, listing them, if any is out of date.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FLOUNDERC = path.join(ROOT, 'packages/idl-compiler/dist/cli.js');

/**
 * Runs flounderc for every set of examples/generated.json (with `--check` when `check`),
 * printing each command; exits on failure.
 */
export function generate(check = false) {
  if (!existsSync(FLOUNDERC)) {
    console.error('flounderc is not built: run `npm ci` (or `npm run build`) first');
    process.exit(1);
  }
  const { sets } = JSON.parse(readFileSync(path.join(ROOT, 'examples/generated.json'), 'utf8'));
  for (const { out, idl } of sets) {
    const flags = check ? ['--check', '-o', out] : ['-o', out];
    console.log(`$ flounderc ${flags.join(' ')} ${idl.join(' ')}`);
    const result = spawnSync(process.execPath, [FLOUNDERC, ...flags, ...idl], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`npm run gen: unknown argument ${unknown.join(' ')}\nusage: npm run gen [-- --check]`);
    process.exit(2);
  }
  generate(args.includes('--check'));
}
