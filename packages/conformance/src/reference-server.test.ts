/**
 * The whole suite over real HTTP against the reference server: every
 * scenario passes, but for the server's known deviations from its own
 * documented protocol, listed here (the list may only shrink).
 */
import { readFileSync } from 'node:fs';
import { routes } from '@ecotone/protocol';
import type { Backend } from './backend.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpBackend } from './http-backend.js';
import { formatReport, formatResult } from './report.js';
import { runSuite } from './runner.js';
import { allScenarios } from './scenarios/index.js';
import { parseConfig } from './world.js';
import { REFERENCE_TOKENS, startReferenceServer, type ReferenceServer } from './_server.js';
import { createTestDatabase, TEST_ENGINE } from '../../server/src/_test-engine.js';

/** Scenarios the reference server fails, each a deviation from docs/protocol.md to fix: none today. */
export const KNOWN_SERVER_FAILURES: readonly string[] = [];

/** Routes the suite does not call: development only. */
const ROUTES_NOT_COVERED: readonly string[] = ['devActors'];

/** A pattern per route of the protocol's table, from its path builder. */
function routePatterns(): [string, RegExp][] {
  const SEGMENT = 'conformance-segment';
  return Object.entries(routes).map(([name, build]) => {
    const path = (build as (...ids: string[]) => string)(SEGMENT, SEGMENT);
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(SEGMENT).join('[^/]+');
    return [name, new RegExp(`^${escaped}$`)];
  });
}

/** The backend, recording every path it was asked for (live streams included). */
function recording(backend: Backend, paths: Set<string>): Backend {
  return {
    ...backend,
    request: (as, req) => {
      paths.add(req.path);
      return backend.request(as, req);
    },
    openStream: (as, options) => {
      paths.add(routes.events());
      return backend.openStream(as, options);
    },
    close: () => backend.close(),
  };
}

let server: ReferenceServer;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
beforeAll(async () => {
  // On the PostgreSQL run, the same server on a throwaway PostgreSQL database.
  database = TEST_ENGINE === 'postgres' ? await createTestDatabase() : undefined;
  const onPostgres = database ? ['--db', database.url, '--ballot-secret', 'conformance-ballot-secret-of-32-characters-or-more'] : [];
  server = await startReferenceServer(['--rate-limit', 'write=5000/1m', '--auditor', 'amelie', ...onPostgres]);
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('the reference server conforms to the protocol', () => {
  it('passes every scenario over HTTP, but for its known deviations', async () => {
    const config = parseConfig(JSON.parse(readFileSync(REFERENCE_TOKENS, 'utf8')));
    const paths = new Set<string>();
    const suite = await runSuite(recording(httpBackend(server.url, config.personas), paths), config, allScenarios);
    const report = formatReport(suite);
    expect(suite.fixtureError, report).toBeUndefined();
    const failed = suite.results.filter((r) => r.outcome === 'failed');
    // New failures shown with their request and answer; known ones that went away, by name (remove them from the list).
    const unexpected = failed.filter((r) => !KNOWN_SERVER_FAILURES.includes(r.id)).map(formatResult);
    expect(unexpected.join('\n'), 'scenarios that newly fail').toBe('');
    expect(KNOWN_SERVER_FAILURES.filter((id) => !failed.some((r) => r.id === id)), 'known failures that now pass').toEqual([]);
    expect(suite.skipped, report).toBe(0);
    expect(suite.passed).toBe(allScenarios.length - KNOWN_SERVER_FAILURES.length);
    const untouched = routePatterns().filter(([name, pattern]) => !ROUTES_NOT_COVERED.includes(name) && ![...paths].some((p) => pattern.test(p)));
    expect(untouched.map(([name]) => name), 'routes of the protocol no scenario calls').toEqual([]);
  }, 600_000);
});
