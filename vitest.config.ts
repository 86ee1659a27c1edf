import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources directly: the "source" export condition makes
// `@flounder-ts/*` resolve to `src/index.ts` instead of the built `dist/`.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
