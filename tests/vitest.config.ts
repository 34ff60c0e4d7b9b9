import { defineConfig } from 'vitest/config';

// End-to-end: the built server and SDK, a real SQLite file, real HTTP and the
// machine's Chromium driven by playwright-core. Run after `npm run build`.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
