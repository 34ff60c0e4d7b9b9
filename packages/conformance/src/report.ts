/**
 * The readable report: every scenario by feature, a failure with the request
 * and the answer that showed it (status, code, a trimmed body), a skip with
 * what was missing, then the counts.
 */
import type { Exchange } from './scenario.js';
import type { ScenarioResult, SuiteResult } from './runner.js';

/** Bodies are cut to this many characters in the report. */
const BODY_PREVIEW_CHARS = 400;

const MARK = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const;

export function formatExchange(exchange: Exchange, indent = '      '): string {
  const { request, response, as } = exchange;
  const query = request.query
    ? '?' + new URLSearchParams(Object.entries(request.query).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]) => [k, String(v)])).toString()
    : '';
  const lines = [`${request.method} ${request.path}${query} as ${as}${request.idempotencyKey ? ` (Idempotency-Key ${request.idempotencyKey})` : ''}`];
  const sent = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  if (sent !== undefined) lines.push(`  sent: ${trim(sent)}`);
  const code = typeof response.body === 'object' && response.body !== null && 'code' in response.body ? ` ${String(response.body.code)}` : '';
  lines.push(`  answer: ${response.status}${code}`);
  if (response.body !== undefined) lines.push(`  body: ${trim(typeof response.body === 'string' ? response.body : JSON.stringify(response.body))}`);
  return lines.map((l) => indent + l).join('\n');
}

function trim(text: string): string {
  return text.length > BODY_PREVIEW_CHARS ? `${text.slice(0, BODY_PREVIEW_CHARS)}… (${text.length} characters)` : text;
}

export function formatResult(result: ScenarioResult): string {
  const lines = [`  ${MARK[result.outcome]} ${result.name}${result.outcome === 'skipped' ? ` (${result.message ?? ''})` : ''}`];
  if (result.outcome === 'failed') {
    lines.push(`      ${result.message ?? ''}`);
    if (result.exchange) lines.push(formatExchange(result.exchange));
  }
  return lines.join('\n');
}

export function formatReport(suite: SuiteResult): string {
  const out = [`Ecotone conformance against ${suite.backend}${suite.prefix ? ` (run ${suite.prefix})` : ''}`];
  if (suite.fixtureError) {
    out.push('', 'The fixture could not be built, so no scenario ran:', `  ${suite.fixtureError.message}`);
    if (suite.fixtureError.exchange) out.push(formatExchange(suite.fixtureError.exchange, '    '));
  }
  const byFeature = new Map<string, ScenarioResult[]>();
  for (const result of suite.results) byFeature.set(result.feature, [...(byFeature.get(result.feature) ?? []), result]);
  for (const [feature, results] of byFeature) out.push('', feature, ...results.map(formatResult));
  const failures = suite.results.filter((r) => r.outcome === 'failed');
  if (failures.length > 0) out.push('', 'Failed:', ...failures.map((r) => `  ${r.id}`));
  out.push('', `${suite.passed} passed, ${suite.failed} failed, ${suite.skipped} skipped`);
  return out.join('\n');
}
