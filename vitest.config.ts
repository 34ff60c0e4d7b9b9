import { defineConfig } from 'vitest/config';

// Unit and integration tests of protocol, core and server (Node), and the
// conformance suite against the built server and the in-memory transport.
// Element tests run in Chromium through web-test-runner; end-to-end tests
// have their own config in tests/.
export default defineConfig({
  test: {
    include: ['packages/{protocol,core,server,conformance}/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
