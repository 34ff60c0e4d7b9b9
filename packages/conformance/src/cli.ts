#!/usr/bin/env node
/**
 * `ecotone-conformance --url <base> --tokens <file or command>`: runs the
 * protocol scenarios against a backend and prints what passed, what failed
 * (with the request and the answer) and what was skipped. Exit code 0 when
 * nothing failed, 1 on a failure, 2 on bad usage.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Capability } from './backend.js';
import { httpBackend } from './http-backend.js';
import { formatReport, formatResult } from './report.js';
import { runSuite } from './runner.js';
import { allScenarios } from './scenarios/index.js';
import { parseConfig, type SuiteConfig } from './world.js';

const USAGE = `Usage: ecotone-conformance --url <base> --tokens <file or command> [options]

  --url <base>        the backend's root URL (routes start with /api/v1 under it)
  --tokens <source>   a JSON file, or a shell command that prints the JSON:
                      { "personas": { "owner": "<token>", "correspondent": …, "member": …,
                        "reader": …, "outsider": …, "limited"?: …, "auditor"?: … },
                        "spaces": { "open": "<id>", "private": "<id>", "secret": "<id>" },
                        "spaceOwners"?: { "<visibility>": "<persona>" } }
  --only <pattern>    run only scenarios whose name contains the pattern (repeatable)
  --without <cap>     treat a capability as off: httpHeaders, rawBodies, authFailures,
                      rateLimits, live, liveReplay, liveSpacesFilter, talkShows, audit,
                      moderation, quotes
                      (repeatable)
  --json              print the results as JSON instead of the report
  --list              list the scenarios and exit
  -h, --help          this help

Exit code: 0 every scenario passed or was skipped, 1 one failed, 2 bad usage.
`;

class UsageError extends Error {}

const CAPABILITIES: readonly Capability[] = ['httpHeaders', 'rawBodies', 'authFailures', 'rateLimits', 'live', 'liveReplay', 'liveSpacesFilter', 'talkShows', 'audit', 'watch', 'moderation', 'quotes'];

function readConfig(source: string): SuiteConfig {
  let text: string;
  if (existsSync(source)) text = readFileSync(source, 'utf8');
  else {
    try {
      text = execSync(source, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    } catch (error) {
      throw new UsageError(`--tokens: "${source}" is not a file, and running it as a command failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--tokens: "${source}" did not give JSON`);
  }
  try {
    return parseConfig(json);
  } catch (error) {
    throw new UsageError(`--tokens: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      tokens: { type: 'string' },
      only: { type: 'string', multiple: true },
      without: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.list) {
    for (const s of allScenarios) process.stdout.write(`${s.feature}: ${s.name}\n`);
    return 0;
  }
  if (!values.url) throw new UsageError('--url is required');
  if (!values.tokens) throw new UsageError('--tokens is required');
  try {
    new URL(values.url);
  } catch {
    throw new UsageError(`--url: "${values.url}" is not a URL`);
  }
  const off: Partial<Record<Capability, boolean>> = {};
  for (const name of values.without ?? []) {
    if (!CAPABILITIES.includes(name as Capability)) throw new UsageError(`--without: unknown capability "${name}"`);
    off[name as Capability] = false;
  }
  const config = readConfig(values.tokens);
  const backend = httpBackend(values.url, config.personas, { capabilities: off });
  const suite = await runSuite(backend, config, allScenarios, {
    ...(values.only ? { only: values.only } : {}),
    ...(values.json ? {} : { onResult: (r) => r.outcome === 'failed' && process.stderr.write(`${formatResult(r)}\n`) }),
  });
  process.stdout.write(values.json ? `${JSON.stringify(suite, null, 2)}\n` : `${formatReport(suite)}\n`);
  return suite.failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
