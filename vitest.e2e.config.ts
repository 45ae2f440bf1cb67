import { defineConfig } from 'vitest/config';

/** The browser flows (`npm run test:e2e`): the real bridge over the real core, driven in Debian's Chromium. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // One Chromium and one indexing run at a time on a 2-core machine.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
