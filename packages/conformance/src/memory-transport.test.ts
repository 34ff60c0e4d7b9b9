/**
 * The same scenarios through core's `MemoryTransport`, so the in-memory
 * backend of tests and prototypes cannot drift from the protocol unnoticed.
 *
 * The personas share one `MemoryWorld`, each through a transport of its own,
 * as they would share a server: the world starts with the three spaces and
 * `owner` owning them, and the fixture builds the rest through the protocol
 * (roles, the posts of the visibility matrix), as against any backend.
 * Scenarios that need HTTP itself (headers, raw bodies, tokens, rate
 * limits, replay) are skipped; any other failure fails this test.
 */
import { MemoryTransport } from '@ecotone/core';
import { describe, expect, it } from 'vitest';
import { actor, conformanceWorld, HTTP_ONLY_SKIP, transportSuiteConfig } from './_transport-world.js';
import { formatReport, formatResult } from './report.js';
import { runSuite } from './runner.js';
import { allScenarios } from './scenarios/index.js';
import { transportBackend } from './transport-backend.js';
import { PERSONAS } from './world.js';

describe('MemoryTransport against the conformance suite', () => {
  it('passes every scenario; only those that need HTTP itself are skipped', async () => {
    const world = conformanceWorld();
    const transports = new Map(PERSONAS.map((p) => [p, new MemoryTransport(world, actor(p))]));
    const backend = transportBackend({
      name: 'MemoryTransport',
      personas: PERSONAS,
      transportFor: (persona) => {
        const t = transports.get(persona as (typeof PERSONAS)[number]);
        if (!t) throw new Error(`no transport for ${persona}`);
        return t;
      },
    });
    const config = transportSuiteConfig;
    // Events of a memory transport arrive synchronously: a few seconds tell one that never comes.
    const suite = await runSuite(backend, config, allScenarios, { liveWaitMs: 3_000 });
    const report = formatReport(suite);
    expect(suite.fixtureError, report).toBeUndefined();
    // Each failure shown with its request and answer.
    const failed = suite.results.filter((r) => r.outcome === 'failed').map(formatResult);
    expect(failed.join('\n'), 'scenarios that fail').toBe('');
    const passed = suite.results.filter((r) => r.outcome === 'passed').length;
    // Everything but what needs HTTP itself runs in process.
    expect(passed, report).toBeGreaterThan(suite.results.length * 0.8);
    for (const skipped of suite.results.filter((r) => r.outcome === 'skipped')) {
      expect(skipped.message, skipped.id).toMatch(HTTP_ONLY_SKIP);
    }
    for (const t of transports.values()) t.close();
  }, 300_000);
});
