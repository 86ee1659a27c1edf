import type { Options } from 'prettier';

/** How prettier formats generated code: fixed here, never read from the user's configuration. */
export const PRETTIER_OPTIONS: Options = {
  // Babel's TypeScript parser: the same output as 'typescript' for this code, in half the time.
  parser: 'babel-ts',
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
};
