import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Options } from 'prettier';

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
 * The parser prettier reads generated code with: oxc's (native, from `@prettier/plugin-oxc`),
 * which makes formatting about an eighth less work than with Babel's TypeScript parser (and
 * that, half as much as with 'typescript'); where oxc's native parser does not load, Babel's.
 * Both give the same output for generated code (checked on the whole corpus).
 */
export const OXC_PLUGIN = pathToFileURL(createRequire(import.meta.url).resolve('@prettier/plugin-oxc')).href;
/** The parser where oxc's is not there. */
export const FALLBACK_PARSER = 'babel-ts';

/** The options to format with on this thread, with the parser it can load. */
export async function prettierOptions(): Promise<Options> {
  try {
    return { ...PRETTIER_OPTIONS, parser: 'oxc-ts', plugins: [await import(OXC_PLUGIN)] };
  } catch {
    return { ...PRETTIER_OPTIONS, parser: FALLBACK_PARSER };
  }
}
