/**
 * chevrotain, loaded from its single-file bundle.
 *
 * The package's entry point is its multi-file build, which imports some 650 lodash-es
 * modules: over a second of start-up on a busy machine, for a compiler whose whole work on
 * the corpus takes less. chevrotain also ships the same code bundled in one file
 * (`lib/chevrotain.mjs`), which its exports map does not name; we load that by path, and the
 * entry point if a future version moves it. Everything of chevrotain the compiler uses at run
 * time comes through here, so that tokens and parser share one instance of the library.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

function bundleUrl(): string | undefined {
  // `require` resolves to lib/src/api.js; the bundle is lib/chevrotain.mjs.
  const entry = createRequire(import.meta.url).resolve('chevrotain');
  const bundle = join(dirname(entry), '..', 'chevrotain.mjs');
  return existsSync(bundle) ? pathToFileURL(bundle).href : undefined;
}

const chevrotain = (await import(bundleUrl() ?? 'chevrotain')) as typeof Chevrotain;

export const { createToken, CstParser, EOF, Lexer, tokenLabel, tokenMatcher } = chevrotain;
