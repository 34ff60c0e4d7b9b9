import { defineConfig } from 'vitest/config';

// Unit and integration tests of protocol, core and server (Node).
// Element tests run in Chromium through web-test-runner; end-to-end tests
// have their own config in tests/.
export default defineConfig({
  test: {
    include: ['packages/{protocol,core,server}/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
