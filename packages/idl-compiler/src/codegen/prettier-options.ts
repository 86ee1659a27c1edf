import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Options, Plugin } from 'prettier';
import type * as Prettier from 'prettier/standalone';

const require = createRequire(import.meta.url);

/**
 * How prettier formats generated code: fixed here, never read from the user's configuration.
 * The parser comes with {@link prettierOptions}.
 */
export const PRETTIER_OPTIONS: Options = {
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
};

/**
 * The prettier that formats generated code: its standalone build, the formatter alone (one
 * CommonJS file, without the CLI, configuration files or languages of its main entry, which
 * is an ES module eight times its size): less to load on a cold start, the same output. The
 * parser and printer come as plugins.
 */
export const PRETTIER = require.resolve('prettier/standalone');

/**
 * The parser prettier reads generated code with: oxc's (native, from `@prettier/plugin-oxc`,
 * which brings its own printer), which makes formatting about an eighth less work than with
 * Babel's TypeScript parser (and that, half as much as with 'typescript'); where oxc's
 * native parser does not load, Babel's. Both give the same output for generated code
 * (checked on the whole corpus).
 */
export const OXC_PLUGIN = pathToFileURL(require.resolve('@prettier/plugin-oxc')).href;
/** The parser where oxc's is not there, and the plugins that bring it and its printer. */
export const FALLBACK_PARSER = 'babel-ts';
export const FALLBACK_PLUGINS = [require.resolve('prettier/plugins/babel'), require.resolve('prettier/plugins/estree')];

/** Prettier, loaded on this thread. */
export function loadPrettier(): typeof Prettier {
  return require(PRETTIER) as typeof Prettier;
}

/** The options to format with on this thread, with the parser it can load. */
export async function prettierOptions(): Promise<Options> {
  try {
    return { ...PRETTIER_OPTIONS, parser: 'oxc-ts', plugins: [await import(OXC_PLUGIN)] };
  } catch {
    return fallbackOptions();
  }
}

/** The options with Babel's parser, for where oxc's does not load. */
export function fallbackOptions(): Options {
  return { ...PRETTIER_OPTIONS, parser: FALLBACK_PARSER, plugins: FALLBACK_PLUGINS.map((p) => require(p) as Plugin) };
}
