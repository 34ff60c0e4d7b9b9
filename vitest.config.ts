import pg from 'pg';
import { defineConfig } from 'vitest/config';

/** Where the answer of the check below is kept for the rest of the run. */
const CHECKED = 'ECOTONE_TEST_PG_CHECKED';
/** How long the check for the test PostgreSQL waits before calling it unreachable, in ms. */
const POSTGRES_CHECK_TIMEOUT_MS = 3_000;

/**
 * The PostgreSQL of the test run (`ECOTONE_TEST_PG`, a URL whose role may
 * create databases; .ci/run starts one and sets it), or undefined after
 * saying in one line why the server tests run on SQLite only. Under CI a
 * missing PostgreSQL is an error, never a skip.
 */
async function testPostgres(): Promise<string | undefined> {
  const url = process.env['ECOTONE_TEST_PG'];
  // Vitest reads this file more than once per run: check and say it once.
  const known = process.env[CHECKED];
  if (known !== undefined) return known === 'reachable' ? url : undefined;
  let reason: string;
  if (!url) {
    reason = 'ECOTONE_TEST_PG is not set';
  } else {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: POSTGRES_CHECK_TIMEOUT_MS });
    try {
      await client.connect();
      await client.query('SELECT 1');
      process.env[CHECKED] = 'reachable';
      return url;
    } catch (error) {
      reason = `PostgreSQL at ${url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')} does not answer (${error instanceof Error ? error.message : String(error)})`;
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (process.env['CI'] === 'true') throw new Error(`CI needs PostgreSQL for the server tests: ${reason}`);
  console.log(`PostgreSQL suite skipped: ${reason}; the server tests run on SQLite only.`);
  process.env[CHECKED] = 'unreachable';
  return undefined;
}

// Unit and integration tests of protocol, core and server (Node), the
// documentation's completeness (tests/docs), and the conformance suite against the built server and the in-memory transport.
// The server's tests and the conformance run against the reference server
// run a second time on PostgreSQL (project "postgres") when one is
// reachable. Element tests run in Chromium through web-test-runner;
// end-to-end tests have their own config in tests/.
export default defineConfig(async () => {
  const postgres = await testPostgres();
  return {
    test: {
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 30_000,
      pool: 'forks',
      projects: [
        {
          extends: true,
          test: { name: 'sqlite', include: ['packages/{protocol,core,server,conformance}/src/**/*.test.ts', 'tests/docs/**/*.test.ts'] },
        },
        ...(postgres
          ? [
              {
                extends: true,
                test: {
                  name: 'postgres',
                  include: ['packages/server/src/**/*.test.ts', 'packages/conformance/src/reference-server.test.ts'],
                  env: { ECOTONE_TEST_ENGINE: 'postgres', ECOTONE_TEST_PG: postgres },
                  globalSetup: ['packages/server/src/_postgres-setup.ts'],
                },
              },
            ]
          : []),
      ],
    },
  };
});
