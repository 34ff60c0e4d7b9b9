/**
 * Runs scenarios one after another against a backend (in order: live and
 * paging scenarios read "what came since", so nothing runs beside them).
 */
import type { Backend } from './backend.js';
import { ScenarioContext, ScenarioFailure, ScenarioSkip, scenarioId, type Exchange, type Scenario } from './scenario.js';
import { buildWorld, type SuiteConfig, type World } from './world.js';

/** A scenario still running after this long has failed (a `429` waited out counts in it). */
const SCENARIO_TIMEOUT_MS = 120_000;

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface ScenarioResult {
  id: string;
  feature: string;
  name: string;
  outcome: Outcome;
  /** Why it failed, or which capability or persona it lacked. */
  message?: string;
  /** The request and answer that showed the failure. */
  exchange?: Exchange;
  durationMs: number;
}

export interface SuiteResult {
  backend: string;
  prefix: string | null;
  /** Set when the fixture could not be built (then no scenario ran). */
  fixtureError?: { message: string; exchange?: Exchange };
  results: ScenarioResult[];
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunOptions {
  /** Only scenarios whose id contains one of these (case-insensitive), or matches it as a regular expression. */
  only?: readonly string[];
  /** Called after each scenario (progress). */
  onResult?: (result: ScenarioResult) => void;
  /** Use this prefix instead of a random one. */
  prefix?: string;
  /**
   * How long a scenario waits for a live event before it fails (default 15 s).
   * An in-process backend delivers at once, so its tests need not wait as long
   * to report an event that never comes.
   */
  liveWaitMs?: number;
}

export function selectScenarios(scenarios: readonly Scenario[], only: readonly string[] | undefined): Scenario[] {
  if (!only || only.length === 0) return [...scenarios];
  const matchers = only.map((pattern) => {
    const lower = pattern.toLowerCase();
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern, 'i');
    } catch {
      re = null;
    }
    return (id: string) => id.toLowerCase().includes(lower) || (re?.test(id) ?? false);
  });
  return scenarios.filter((s) => matchers.some((m) => m(scenarioId(s))));
}

export async function runSuite(backend: Backend, config: SuiteConfig, scenarios: readonly Scenario[], options: RunOptions = {}): Promise<SuiteResult> {
  const selected = selectScenarios(scenarios, options.only);
  const summary: SuiteResult = { backend: backend.name, prefix: null, results: [], passed: 0, failed: 0, skipped: 0 };
  let world: World;
  try {
    world = await buildWorld(backend, config, options.prefix);
    summary.prefix = world.prefix;
  } catch (error) {
    summary.fixtureError = {
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof ScenarioFailure && error.exchange ? { exchange: error.exchange } : {}),
    };
    summary.failed = 1;
    await backend.close();
    return summary;
  }
  for (const scenario of selected) {
    const result = await runOne(backend, world, scenario, options.liveWaitMs);
    summary.results.push(result);
    summary[result.outcome]++;
    options.onResult?.(result);
  }
  await backend.close();
  return summary;
}

async function runOne(backend: Backend, world: World, scenario: Scenario, liveWaitMs: number | undefined): Promise<ScenarioResult> {
  const base = { id: scenarioId(scenario), feature: scenario.feature, name: scenario.name };
  const missing = (scenario.needs ?? []).filter((c) => !backend.capabilities[c]);
  if (missing.length > 0) return { ...base, outcome: 'skipped', message: `needs ${missing.join(', ')}`, durationMs: 0 };
  const absent = (scenario.personas ?? []).filter((p) => !backend.personas.includes(p));
  if (absent.length > 0) return { ...base, outcome: 'skipped', message: `needs persona ${absent.join(', ')}`, durationMs: 0 };
  const ctx = new ScenarioContext(backend, world, liveWaitMs);
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      scenario.run(ctx),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new ScenarioFailure(`still running after ${SCENARIO_TIMEOUT_MS} ms`)), SCENARIO_TIMEOUT_MS);
      }),
    ]);
    return { ...base, outcome: 'passed', durationMs: Date.now() - started };
  } catch (error) {
    const durationMs = Date.now() - started;
    if (error instanceof ScenarioSkip) return { ...base, outcome: 'skipped', message: error.message, durationMs };
    const exchange = error instanceof ScenarioFailure ? (error.exchange ?? ctx.last) : ctx.last;
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, outcome: 'failed', message, ...(exchange ? { exchange } : {}), durationMs };
  } finally {
    clearTimeout(timer);
    ctx.dispose();
  }
}
