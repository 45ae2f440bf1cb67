import { defineConfig } from 'vitest/config';

/**
 * One run, one summary line: the core suites first, then the browser flows (the real bridge over the real core,
 * driven in Debian's Chromium). groupOrder keeps them apart: on a 2-core machine Chromium and an indexing run
 * must not compete with the integration tests' own decoding.
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'core',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          // Integration tests spawn the CLI and decode real photos: give them room on a 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          // One Chromium and one indexing run at a time.
          fileParallelism: false,
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          // Fault injection (kill -9, disk full, read-only library, broken model): last, alone, bounded to minutes.
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          fileParallelism: false,
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
