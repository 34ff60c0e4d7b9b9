/**
 * Test helper: which engine the server tests run on, and throwaway
 * PostgreSQL databases. `npm run test:unit` runs the server tests twice
 * (vitest.config.ts): on SQLite, and on PostgreSQL with
 * `ECOTONE_TEST_ENGINE=postgres`. The PostgreSQL run migrates one template
 * database, and seeds a copy of it with the demo organisation
 * (./_postgres-setup.ts); each test server gets a copy of one of them
 * (`CREATE DATABASE … TEMPLATE`: about 80 ms, where migrating costs 250 ms
 * and seeding 350 ms more over the network), dropped when it closes.
 */
import pg from 'pg';
import { inject } from 'vitest';
import type { Engine } from './db/engine.js';

/** The engine of this test run. */
export const TEST_ENGINE: Engine = process.env['ECOTONE_TEST_ENGINE'] === 'postgres' ? 'postgres' : 'sqlite';

/** What the PostgreSQL run's global setup hands to the tests. */
export interface PostgresTestRun {
  /** A URL with the right to create databases (ECOTONE_TEST_PG). */
  adminUrl: string;
  /** The migrated database every empty test database is copied from. */
  template: string;
  /** The same, with the demo organisation seeded at TEST_NOW. */
  seededTemplate: string;
  /** The ballot secret file's text the seeded template's anonymous ballots are keyed with. */
  seededBallotSecret: string;
  /** Prefix of every database this run makes (all dropped at its end). */
  prefix: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTestRun: PostgresTestRun;
  }
}

/** Runs one statement on a connection of its own (CREATE/DROP DATABASE cannot run in a transaction or a pool's session). */
export async function runAsAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let made = 0;

/**
 * A fresh, migrated PostgreSQL database for one test server: empty, or
 * `seeded` with the demo organisation (its ballot secret file must then
 * hold `seededBallotSecret`).
 */
export async function createTestDatabase(options: { seeded?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const { adminUrl, template, seededTemplate, prefix } = inject('postgresTestRun');
  const name = `${prefix}_${process.pid}_${++made}`;
  await runAsAdmin(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${options.seeded ? seededTemplate : template}"`);
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => runAsAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Runs one statement as the test run's administrator, on its own database (not the one it changes). */
export async function runOnTestCluster(statement: string): Promise<void> {
  await runAsAdmin(inject('postgresTestRun').adminUrl, statement);
}

/**
 * True on the PostgreSQL run, after saying in one line what it lacks: for
 * `describe.skipIf(…)` / `it.skipIf(…)` of tests of a feature not built there yet.
 */
export function skipOnPostgres(missing: string): boolean {
  if (TEST_ENGINE !== 'postgres') return false;
  console.info(`Skipped on PostgreSQL: ${missing}.`);
  return true;
}
