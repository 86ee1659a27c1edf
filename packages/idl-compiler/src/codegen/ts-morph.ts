/**
 * ts-morph, as the code generator uses it. Loaded through here rather than imported: with
 * `require`, which spares Node parsing the bundle for its exports as an `import` of CommonJS
 * would, and with V8 code caches for its bundles (above all TypeScript's 9 MB), which cut
 * the compile part of loading them on every run after the first (see `code-cache.ts`).
 * @module
 */
import type * as TsMorph from 'ts-morph';
import { requireWithCodeCache, saveCodeCaches } from '../code-cache.js';

export type * from 'ts-morph';

const tsMorph = requireWithCodeCache(import.meta.url, 'ts-morph', [
  '@ts-morph/common/dist/typescript.js',
  '@ts-morph/common',
  'ts-morph',
]) as typeof TsMorph;
// Saved now rather than after some generating: the cache came out no bigger, nor faster, that way.
saveCodeCaches();

export const { Project, StructureKind, VariableDeclarationKind } = tsMorph;
