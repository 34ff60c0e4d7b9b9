/**
 * The same scenarios through core's `LocalTransport`, the backend in the
 * browser, here on fake-indexeddb: each persona has a transport of its own
 * on one database, as tabs of one browser share it, so every write goes
 * through IndexedDB, the lock and the channel before another persona reads
 * it or receives its live event. The world starts as the memory
 * transport's; scenarios that need HTTP itself are skipped, any other
 * failure fails this test.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { LocalTransport } from '@ecotone/core/local';
import { describe, expect, it } from 'vitest';
import { actor, conformanceWorld, HTTP_ONLY_SKIP, transportSuiteConfig } from './_transport-world.js';
import { formatReport, formatResult } from './report.js';
import { runSuite } from './runner.js';
import { allScenarios } from './scenarios/index.js';
import { transportBackend } from './transport-backend.js';
import { PERSONAS } from './world.js';

describe('LocalTransport against the conformance suite', () => {
  it('passes every scenario; only those that need HTTP itself are skipped', async () => {
    const place = { indexedDB: new IDBFactory(), database: 'conformance' };
    const seed = conformanceWorld().snapshot();
    const transports = new Map<string, LocalTransport>();
    for (const persona of PERSONAS) {
      const transport = new LocalTransport({ ...place, seed, person: actor(persona) });
      await transport.ready;
      transports.set(persona, transport);
    }
    const backend = transportBackend({
      name: 'LocalTransport',
      personas: PERSONAS,
      // The browser's local backend keeps no talk-shows (they would not survive in its saved world).
      capabilities: { talkShows: false },
      transportFor: (persona) => {
        const t = transports.get(persona);
        if (!t) throw new Error(`no transport for ${persona}`);
        return t;
      },
    });
    // Events of another persona come through the channel: a few seconds tell one that never comes.
    const suite = await runSuite(backend, transportSuiteConfig, allScenarios, { liveWaitMs: 5_000 });
    const report = formatReport(suite);
    expect(suite.fixtureError, report).toBeUndefined();
    const failed = suite.results.filter((r) => r.outcome === 'failed').map(formatResult);
    expect(failed.join('\n'), 'scenarios that fail').toBe('');
    const passed = suite.results.filter((r) => r.outcome === 'passed').length;
    expect(passed, report).toBeGreaterThan(suite.results.length * 0.8);
    for (const skipped of suite.results.filter((r) => r.outcome === 'skipped')) {
      if (skipped.message !== 'needs talkShows') expect(skipped.message, skipped.id).toMatch(HTTP_ONLY_SKIP);
    }
    for (const t of transports.values()) t.close();
  }, 300_000);
});
